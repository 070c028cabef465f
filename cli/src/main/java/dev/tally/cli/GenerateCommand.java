package dev.tally.cli;

import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tally generate}: the seeded sample trace, written in any format. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the seeded sample trace: an estimator-like stream of counter events.",
        footer = {"", "Example:", "  tally generate --events 1000000 --shape float --seed 7 -o trace.json"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, paramLabel = "N", description = "Number of events.")
    long events;

    @Option(names = "--shape", defaultValue = "int", converter = ShapeOption.class, paramLabel = "int|float",
            description = "int: integer cycles; float: microseconds, one in five a non-integral float (default: ${DEFAULT-VALUE}).")
    SampleTrace.Shape shape;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the extension).")
    String to;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Mixin
    WriteOptionsMixin writeOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (events < 0) {
            throw new CliException("--events must be at least 0, not " + events);
        }
        Format format = Format.resolve(to, output);
        SampleTrace trace = SampleTrace.of(events, shape, seed);
        long n = Transfer.copy(trace::reader, output, format, force, writeOptions.options(),
                progressOptions.start(spec, "generating", events));
        spec.commandLine().getOut().printf("wrote %,d events to %s (%s)%n", n, output, format.id());
        return 0;
    }
}
