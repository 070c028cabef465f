package dev.tally.cli;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetEventWriter;

/** Options of the columnar writers, as given on the command line; the codec is read per format. */
record WriteOptions(String codec, int batchRows, int rowGroupRows) {
    static final WriteOptions DEFAULT = new WriteOptions(null, ArrowEventWriter.DEFAULT_BATCH_ROWS,
            ParquetEventWriter.DEFAULT_ROW_GROUP_ROWS);

    WriteOptions {
        if (batchRows < 1) {
            throw new CliException("--batch-rows must be at least 1, not " + batchRows);
        }
        if (rowGroupRows < 1) {
            throw new CliException("--row-group-rows must be at least 1, not " + rowGroupRows);
        }
    }

    /** The Arrow codec: none unless given. */
    ArrowCodec arrowCodec() {
        try {
            return codec == null ? ArrowCodec.NONE : ArrowCodec.parse(codec);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** The Parquet codec: zstd unless given. */
    ParquetCodec parquetCodec() {
        try {
            return codec == null ? ParquetCodec.ZSTD : ParquetCodec.parse(codec);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
