package dev.tally.cli;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetEventWriter;

/**
 * Options of the writers, as given on the command line: null where not given. Each applies to some formats only,
 * and one given for a format it does not apply to is refused rather than ignored ({@link #checkFor}).
 */
record WriteOptions(String codec, Integer batchRows, Integer rowGroupRows) {
    static final WriteOptions DEFAULT = new WriteOptions(null, null, null);

    WriteOptions {
        if (batchRows != null) {
            try {
                dev.tally.core.Limits.batchRows("--batch-rows", batchRows);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        if (rowGroupRows != null && rowGroupRows < 1) {
            throw new CliException("--row-group-rows must be at least 1, not " + rowGroupRows);
        }
    }

    /** Refuses the options that do not apply to {@code format}: silently ignoring one misleads. */
    void checkFor(Format format) {
        if (codec != null && format == Format.JSON) {
            throw new CliException("--codec does not apply to hespas JSON output, which is not compressed (compress"
                    + " the file afterwards, or write Arrow or Parquet)");
        }
        if (batchRows != null && format != Format.ARROW && format != Format.ARROW_STREAM) {
            throw new CliException("--batch-rows applies to Arrow output only, not " + format.id()
                    + (format == Format.PARQUET ? " (Parquet's is --row-group-rows)" : ""));
        }
        if (rowGroupRows != null && format != Format.PARQUET) {
            throw new CliException("--row-group-rows applies to Parquet output only, not " + format.id()
                    + (format == Format.JSON ? "" : " (Arrow's is --batch-rows)"));
        }
    }

    /** Rows per Arrow record batch. */
    int arrowBatchRows() {
        return batchRows == null ? ArrowEventWriter.DEFAULT_BATCH_ROWS : batchRows;
    }

    /** Most rows per Parquet row group. */
    int parquetRowGroupRows() {
        return rowGroupRows == null ? ParquetEventWriter.DEFAULT_ROW_GROUP_ROWS : rowGroupRows;
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
