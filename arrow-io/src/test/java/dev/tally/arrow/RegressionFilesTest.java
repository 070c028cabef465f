package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs that once broke a reader (found by fuzzing), kept under {@code src/test/resources/regressions}: each must
 * now be refused with a {@link FormatException}, within a bounded allocator.
 */
class RegressionFilesTest extends AllocatorTest {
    static List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/regressions"))) {
            List<Path> all = s.sorted().toList();
            assertFalse(all.isEmpty());
            return all;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void aFileThatOnceBrokeTheReaderIsRefusedCleanly(Path file) throws Exception {
        try (var limited = allocator.newChildAllocator("limited", 0, 64L << 20)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(file, limited)) {
                    while (r.next() != null) {
                        // read everything
                    }
                }
            });
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }
}
