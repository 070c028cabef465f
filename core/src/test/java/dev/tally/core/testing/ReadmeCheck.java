package dev.tally.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a README example is the code a test runs: the lines between {@code // --- README: NAME ---} and
 * {@code // --- end ---} in the test's source appear, in order and de-indented, in README.md.
 */
public final class ReadmeCheck {
    private ReadmeCheck() {
    }

    public static void assertReadmeShows(Path testSource, String name) throws IOException {
        List<String> lines = Files.readAllLines(testSource);
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.trim().equals("// --- README: " + name + " ---")) {
                in = true;
            } else if (in && l.trim().equals("// --- end ---")) {
                break;
            } else if (in) {
                block.add(l);
            }
        }
        assertTrue(!block.isEmpty(), "no README block '" + name + "' in " + testSource);
        int indent = block.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder code = new StringBuilder();
        for (String l : block) {
            code.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        String readme = Files.readString(Path.of(System.getProperty("tally.readme", "README.md")));
        assertTrue(readme.contains(code), "README.md does not show the example '" + name + "' as tested:\n" + code);
    }
}
