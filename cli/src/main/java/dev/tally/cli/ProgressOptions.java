package dev.tally.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --progress}: whether long work shows a progress line on stderr. */
final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Option(names = "--progress", description = "A progress line even when stderr is not a terminal.")
    boolean forced;

    /** A progress line for {@code total} events (-1: unknown), shown when stderr is a terminal (or --progress). */
    Progress start(CommandSpec spec, String label, long total) {
        if (quiet || !(forced || stderrIsTerminal())) {
            return Progress.none();
        }
        return new Progress(spec.commandLine().getErr(), label, total, System::nanoTime);
    }

    /**
     * Whether stderr is a terminal. Java has no isatty: on Linux, stderr's file descriptor links to a tty device;
     * elsewhere, System.console() (a terminal on both stdin and stdout) is the nearest guess.
     */
    static boolean stderrIsTerminal() {
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
