package dev.tally.parquet;

/**
 * What every column of a file shares while its pages are encoded: the page version, the worker that encodes them,
 * and the worker's compressor and scratch buffers (pages are encoded one at a time, so one set serves all columns).
 *
 * @param legacy version 1 data pages with PLAIN and dictionary encodings only
 */
record PageOptions(boolean legacy, PageWorker worker, PageCompressor compressor, ByteSink values, ByteSink whole) {
    PageOptions(boolean legacy, PageWorker worker, PageCompressor compressor) {
        this(legacy, worker, compressor, new ByteSink(1 << 16), new ByteSink(1 << 16));
    }
}
