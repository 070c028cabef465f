package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamVersionTest {
    /** Version, then what hespas made of it on CPython 3.11: accepted, accepted with a warning, or its error. */
    private static final String[][] HESPAS_VERSIONS = {
            {"0.0.1", "ok", ""},
            {" 0._0.1 ", "error", "invalid literal for int() with base 10: '_0'"},
            {"+0.-1.1", "ok", ""},
            {"0.0.1.", "error", "invalid literal for int() with base 10: ''"},
            {"1.0.0", "newer", ""},
            {"0.0.01", "ok", ""},
            {"0.0.\u0661", "ok", ""},
            {"0.0.0", "ok", ""},
            {" 0 . 0 . 2 ", "newer", ""},
            {"0.1", "error", "version field must be in the form '#.#.#', not '0.1'"},
            {"a.b.c", "error", "invalid literal for int() with base 10: 'a'"},
            {"", "error", "invalid literal for int() with base 10: ''"},
            {"0.0.1_0", "newer", ""},
            {"0..1", "error", "invalid literal for int() with base 10: ''"},
            {"0.0.+", "error", "invalid literal for int() with base 10: '+'"},
            {"-1.5.5", "ok", ""},
            {"0.1.0", "newer", ""},
            {"0.0.2", "newer", ""},
    };

    static Stream<Arguments> hespasVersions() {
        return Arrays.stream(HESPAS_VERSIONS).map(r -> Arguments.of(r[0], r[1], r[2]));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @MethodSource("hespasVersions")
    void versionIsCheckedAsHespasChecksIt(String version, String outcome, String error) {
        switch (outcome) {
            case "ok" -> assertEquals(Optional.empty(), StreamVersion.check(version));
            case "newer" -> assertEquals(Optional.of("Version of input CounterEventStream '" + version
                    + "' is newer than runtime CounterEventStream version '0.0.1'"), StreamVersion.check(version));
            default -> assertEquals(error,
                    assertThrows(IllegalArgumentException.class, () -> StreamVersion.check(version)).getMessage());
        }
    }

    @Test
    void headerRefusesAMalformedVersionAndKeepsTheTextOfAGoodOne() {
        assertThrows(IllegalArgumentException.class, () -> new StreamHeader("1.2", Map.of()));
        StreamHeader h = new StreamHeader(" 0 . 0 . 2 ", Map.of());
        assertEquals(" 0 . 0 . 2 ", h.version());
        assertTrue(h.versionWarning().isPresent());
        assertEquals(StreamVersion.CURRENT, StreamHeader.empty().version());
    }
}
