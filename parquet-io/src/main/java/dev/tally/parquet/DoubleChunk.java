package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.DoubleStatistics;

/** A {@code double} column: BYTE_STREAM_SPLIT (PLAIN in version 1 pages). */
final class DoubleChunk extends ColumnChunk {
    /** The values' bits, as the encodings lay them out. */
    private final long[] bits = new long[PAGE_ROWS];
    private int count;

    DoubleChunk(ColumnDescriptor column, PageOptions options) {
        super(column, options);
    }

    void add(double v) throws IOException {
        bits[count++] = Double.doubleToRawLongBits(v);
        ((DoubleStatistics) stats).updateStats(v);
        slot(true, false);
        rowDone();
    }

    void addNull() throws IOException {
        slot(false, false);
        rowDone();
    }

    @Override
    Encoding encodeValues(ByteSink out) {
        int n = count;
        count = 0;
        if (options.legacy()) {
            PageEncodings.plainLongs(bits, n, out);
            return Encoding.PLAIN;
        }
        PageEncodings.byteStreamSplit(bits, n, out);
        return Encoding.BYTE_STREAM_SPLIT;
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
    }
}
