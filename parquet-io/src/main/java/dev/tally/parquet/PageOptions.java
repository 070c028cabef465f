package dev.tally.parquet;

/**
 * What every column of a file shares while its pages are encoded: the page version, the compressor and scratch
 * buffers (a writer is single-threaded, so one set serves all its columns).
 *
 * @param legacy version 1 data pages with PLAIN and dictionary encodings only
 */
record PageOptions(boolean legacy, PageCompressor compressor, ByteSink values, ByteSink whole) {
    PageOptions(boolean legacy, PageCompressor compressor) {
        this(legacy, compressor, new ByteSink(1 << 16), new ByteSink(1 << 16));
    }
}
