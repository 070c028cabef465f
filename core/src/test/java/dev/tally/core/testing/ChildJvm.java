package dev.tally.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a fresh JVM with the test class path, for tests that need their own heap or a real crash. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What the child printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code mainClass} with the JVM options and arguments given; fails after {@code timeoutSeconds}. */
    public static Result run(List<String> jvmOptions, Class<?> mainClass, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(jvmOptions, mainClass, args)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Starts {@code mainClass} in the background, its output going to {@code log}: for a test that kills it. */
    public static Process start(List<String> jvmOptions, Class<?> mainClass, Path log, String... args) throws IOException {
        return new ProcessBuilder(command(jvmOptions, mainClass, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
