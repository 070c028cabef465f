package dev.tally.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** interop/run without Python: skipped loudly on a developer's machine, a failure in CI. */
class RunScriptTest {

    private static String[] run(boolean ci) throws Exception {
        return run(ci, Map.of("TALLY_PYTHON", "/nonexistent/python3"));
    }

    private static String[] run(boolean ci, Map<String, String> vars) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("run").toAbsolutePath().toString())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(vars);
        env.remove("CI");
        if (ci) {
            env.put("CI", "true");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void withoutPythonTheSuiteIsSkippedWithALoudMessage() throws Exception {
        String[] r = run(false);
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("SKIPPED the Python interop suite"), r[1]);
        assertTrue(r[1].contains("####"), r[1]);
    }

    @Test
    void withoutPythonInCiTheSuiteFails() throws Exception {
        String[] r = run(true);
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("is required (CI=true)"), r[1]);
    }

    @Test
    void aVenvFolderItDidNotMakeIsLeftAlone(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0,
                "needs python3");
        Path notes = tmp.resolve("notes.txt");
        java.nio.file.Files.writeString(notes, "mine");
        String[] r = run(false, Map.of("TALLY_VENV", tmp.toString()));
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("was not made by this script"), r[1]);
        assertEquals("mine", java.nio.file.Files.readString(notes));
    }
}
