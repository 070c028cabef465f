package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;

/** An {@code int64} column: DELTA_BINARY_PACKED (PLAIN in version 1 pages). */
final class LongChunk extends ColumnChunk {
    private final long[] values = new long[PAGE_ROWS];
    private int count;
    private DeltaBinaryPackingValuesWriterForLong delta;

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
    Encoding encodeValues(ByteSink out) throws IOException {
        int n = count;
        count = 0;
        if (options.legacy()) {
            for (int i = 0; i < n; i++) {
                out.putLongLE(values[i]);
            }
            return Encoding.PLAIN;
        }
        if (delta == null) {
            delta = new DeltaBinaryPackingValuesWriterForLong(1024, PAGE_BYTES, HeapByteBufferAllocator.getInstance());
        }
        for (int i = 0; i < n; i++) {
            delta.writeLong(values[i]);
        }
        out.put(delta.getBytes());
        delta.reset();
        return Encoding.DELTA_BINARY_PACKED;
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
    }
}
