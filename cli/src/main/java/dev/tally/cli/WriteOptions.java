package dev.tally.cli;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.parquet.ParquetCodec;

/** Options of the columnar writers, as given on the command line; the codec is read per format. */
record WriteOptions(String codec, int batchRows) {
    static final WriteOptions DEFAULT = new WriteOptions(null, ArrowEventWriter.DEFAULT_BATCH_ROWS);

    WriteOptions {
        if (batchRows < 1) {
            throw new CliException("--batch-rows must be at least 1, not " + batchRows);
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
