package dev.tally.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CompareBuildsTest {
    private static final Pattern LINE = Pattern.compile("^(\\d)\\. \\S+\\s+(\\S+)\\s+median\\s+([0-9.]+) ms.*");

    @Test
    void eachBuildInItsOwnClassLoaderTimesEverySubject() throws Exception {
        String classPath = System.getProperty("java.class.path");
        List<String> lines = CompareBuilds.run(2_000, "INT", 3, new String[] {"JACKSON_JSON", "ARROW_FILE_NONE"},
                List.of(classPath, classPath));
        assertEquals(4, lines.size(), String.join("\n", lines));
        String[][] want = {{"1", "JACKSON_JSON"}, {"1", "ARROW_FILE_NONE"}, {"2", "JACKSON_JSON"}, {"2", "ARROW_FILE_NONE"}};
        for (int i = 0; i < want.length; i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(want[i][0], m.group(1), lines.get(i));
            assertEquals(want[i][1], m.group(2), lines.get(i));
            assertTrue(Double.parseDouble(m.group(3)) > 0, lines.get(i));
        }
    }

    @Test
    void oneRoundIsRefusedForItWouldMeasureNothingAfterTheWarmUp() {
        assertThrows(IllegalArgumentException.class, () -> CompareBuilds.run(10, "INT", 1, new String[] {"JACKSON_JSON"},
                List.of(System.getProperty("java.class.path"))));
    }
}
