package dev.tally.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.BooleanStatistics;

/** A {@code boolean} column: PLAIN, one bit per value, least significant bit first. */
final class BooleanChunk extends ColumnChunk {
    private boolean[] values = new boolean[PAGE_ROWS];
    private int count;
    private final Spares<boolean[]> spares = new Spares<>(() -> new boolean[PAGE_ROWS]);

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
    long valueBytesBound() {
        return count / 8 + 1;
    }

    @Override
    PageValues takeValues() {
        boolean[] page = values;
        int n = count;
        values = spares.take();
        count = 0;
        return (out, pageStats) -> {
            PageEncodings.plainBooleans(page, n, out);
            spares.give(page);
            return Encoding.PLAIN;
        };
    }
}
