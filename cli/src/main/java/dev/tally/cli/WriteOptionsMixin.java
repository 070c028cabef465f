package dev.tally.cli;

import dev.tally.arrow.ArrowEventWriter;
import picocli.CommandLine.Option;

/** The writers' options shared by the commands that write files. */
final class WriteOptionsMixin {
    @Option(names = "--codec", paramLabel = "CODEC",
            description = "Compression: Arrow none|lz4|zstd (default none), Parquet none|snappy|zstd (default zstd).")
    String codec;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "" + ArrowEventWriter.DEFAULT_BATCH_ROWS,
            description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
    int batchRows;

    WriteOptions options() {
        return new WriteOptions(codec, batchRows);
    }
}
