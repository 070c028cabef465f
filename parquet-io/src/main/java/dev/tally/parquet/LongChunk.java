package dev.tally.parquet;

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

    void add(long v) {
        values[count++] = v;
        presentRow();
    }

    void addNull() {
        nullRow();
    }

    @Override
    Encoding encodeValues(ByteSink out) {
        int n = count;
        count = 0;
        if (n > 0) {
            long min = values[0];
            long max = min;
            for (int i = 1; i < n; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            LongStatistics s = (LongStatistics) stats;
            s.updateStats(min);
            s.updateStats(max);
        }
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
