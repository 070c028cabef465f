package dev.tally.cli;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventWriter;

/** Options of the columnar writers, as given on the command line. */
record WriteOptions(ArrowCodec codec, int batchRows) {
    static final WriteOptions DEFAULT = new WriteOptions(ArrowCodec.NONE, ArrowEventWriter.DEFAULT_BATCH_ROWS);

    WriteOptions {
        if (batchRows < 1) {
            throw new CliException("--batch-rows must be at least 1, not " + batchRows);
        }
    }
}
