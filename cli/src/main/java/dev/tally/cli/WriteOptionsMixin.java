package dev.tally.cli;

import dev.tally.arrow.ArrowEventWriter;
import dev.tally.parquet.ParquetEventWriter;
import picocli.CommandLine.Option;

/** The writers' options shared by the commands that write files. */
final class WriteOptionsMixin {
    @Option(names = "--codec", paramLabel = "CODEC",
            description = "Compression: Arrow none|lz4|zstd (default none), Parquet none|snappy|zstd (default zstd).")
    String codec;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "" + ArrowEventWriter.DEFAULT_BATCH_ROWS,
            description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--row-group-rows", paramLabel = "N", defaultValue = "" + ParquetEventWriter.DEFAULT_ROW_GROUP_ROWS,
            description = "Most rows per Parquet row group (default: ${DEFAULT-VALUE}; groups also end at 128 MiB).")
    int rowGroupRows;

    WriteOptions options() {
        return new WriteOptions(codec, batchRows, rowGroupRows);
    }
}
