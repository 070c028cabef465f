package dev.tally.cli;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventWriter;
import picocli.CommandLine.Option;

/** The writers' options shared by the commands that write files. */
final class WriteOptionsMixin {
    @Option(names = "--codec", paramLabel = "none|lz4|zstd", defaultValue = "none",
            description = "Arrow buffer compression (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "" + ArrowEventWriter.DEFAULT_BATCH_ROWS,
            description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
    int batchRows;

    WriteOptions options() {
        ArrowCodec c;
        try {
            c = ArrowCodec.parse(codec);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return new WriteOptions(c, batchRows);
    }
}
