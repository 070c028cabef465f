package dev.tally.cli;

import dev.tally.arrow.ArrowEventWriter;
import dev.tally.parquet.ParquetEventWriter;
import picocli.CommandLine.Option;

/** The writers' options shared by the commands that write files. */
final class WriteOptionsMixin {
    @Option(names = "--codec", paramLabel = "CODEC",
            description = "Compression: Arrow none|lz4|zstd (default none), Parquet none|snappy|zstd (default zstd).")
    String codec;

    @Option(names = "--batch-rows", paramLabel = "N",
            description = "Rows per Arrow record batch (default: " + ArrowEventWriter.DEFAULT_BATCH_ROWS + ").")
    Integer batchRows;

    @Option(names = "--row-group-rows", paramLabel = "N", description = "Most rows per Parquet row group (default: "
            + ParquetEventWriter.DEFAULT_ROW_GROUP_ROWS + "; groups also end at 128 MiB).")
    Integer rowGroupRows;

    WriteOptions options() {
        return new WriteOptions(codec, batchRows, rowGroupRows);
    }
}
