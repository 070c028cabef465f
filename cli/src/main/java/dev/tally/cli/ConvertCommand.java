package dev.tally.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tally convert}: one format to another, streaming. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a stream from one format to another, one event at a time.",
        footer = {"", "Examples:", "  tally convert trace.json trace.arrow --codec zstd",
                "  tally convert trace.arrow copy.json --force"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The file to read.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write.")
    Path output;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: recognised from the content).")
    String from;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the extension).")
    String to;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Mixin
    WriteOptionsMixin writeOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Format outFormat = Format.resolve(to, output);
        Input in = Input.of(input, from);
        Format inFormat = in.format();
        long n = Transfer.copy(in::open, output, outFormat, force, writeOptions.options(),
                progressOptions.start(spec, "converting", Progress.totalEvents(in)));
        spec.commandLine().getOut().printf("converted %,d events: %s (%s) -> %s (%s)%n", n, input, inFormat.id(),
                output, outFormat.id());
        return 0;
    }
}
