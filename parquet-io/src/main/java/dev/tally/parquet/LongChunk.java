package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.LongStatistics;

/** An {@code int64} column: DELTA_BINARY_PACKED (PLAIN in version 1 pages). */
final class LongChunk extends ColumnChunk {
    private final long[] values = new long[PAGE_ROWS];
    private int count;

    LongChunk(ColumnDescriptor column, PageOptions options) {
        super(column, options);
    }

    void add(long v) throws IOException {
        values[count++] = v;
        ((LongStatistics) stats).updateStats(v);
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
            PageEncodings.plainLongs(values, n, out);
            return Encoding.PLAIN;
        }
        PageEncodings.deltaBinaryPacked(values, n, out);
        return Encoding.DELTA_BINARY_PACKED;
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
    }
}
