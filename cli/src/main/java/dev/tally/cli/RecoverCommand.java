package dev.tally.cli;

import dev.tally.arrow.ArrowRecovery;
import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tally recover}: what a dead writer left, made into a complete file of every event that can be read. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Turn a damaged or cut trace (the temporary file of a killed Arrow stream writer, a cut JSON "
                + "file, a file with a bad batch) into a complete file of every event before the damage, and say how "
                + "many. An Arrow file form or a Parquet file without its footer cannot be recovered.",
        footer = {"", "Examples:", "  tally recover .trace.arrows.tmp-123 trace.arrows",
                "  tally recover cut.json recovered.parquet"})
final class RecoverCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Parameters(index = "1", paramLabel = "OUT", description = "The complete file to write.")
    Path output;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the extension).")
    String to;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Mixin
    WriteOptionsMixin writeOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Format outFormat = Format.resolve(to, output);
        Input input = source.open();
        Transfer.refuseExisting(output, force);
        ArrowRecovery.Result r;
        try (EventReader in = input.format() == Format.ARROW || input.format() == Format.ARROW_STREAM
                ? ArrowRecovery.openReadable(input.requireFile("recover").file()) : input.open()) {
            EventWriter w;
            try {
                w = outFormat.openWriter(output, in.header(), force, writeOptions.options());
            } catch (FileAlreadyExistsException e) {
                throw new CliException(output + " exists already; use --force to replace it");
            }
            r = ArrowRecovery.copyReadable(in, w);
        }
        var out = spec.commandLine().getOut();
        out.printf("recovered %,d events into %s (%s)%n", r.events(), output, outFormat.id());
        if (r.problem() != null) {
            out.printf("the input is damaged after them: %s%n", r.problem());
        } else {
            out.println("the input was whole");
        }
        return 0;
    }
}
