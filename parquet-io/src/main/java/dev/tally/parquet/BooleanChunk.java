package dev.tally.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.BooleanStatistics;

/** A {@code boolean} column: PLAIN, one bit per value, least significant bit first. */
final class BooleanChunk extends ColumnChunk {
    private final boolean[] values = new boolean[PAGE_ROWS];
    private int count;

    BooleanChunk(ColumnDescriptor column, PageOptions options) {
        super(column, options);
    }

    void add(boolean v) {
        values[count++] = v;
        ((BooleanStatistics) stats).updateStats(v);
        presentRow();
    }

    void addNull() {
        nullRow();
    }

    @Override
    Encoding encodeValues(ByteSink out) {
        PageEncodings.plainBooleans(values, count, out);
        count = 0;
        return Encoding.PLAIN;
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
    }
}
