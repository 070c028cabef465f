package dev.tally.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --progress}: whether long work shows a progress line on stderr. */
final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Option(names = "--progress", description = "A progress line even when stderr is not a terminal.")
    boolean forced;

    /** A progress line for {@code total} events (-1: unknown), shown when a terminal (or --progress) is there. */
    Progress start(CommandSpec spec, String label, long total) {
        if (quiet || !(forced || System.console() != null)) {
            return Progress.none();
        }
        return new Progress(spec.commandLine().getErr(), label, total, System::nanoTime);
    }
}
