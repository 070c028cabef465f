package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.DoubleStatistics;

/** A {@code double} column: BYTE_STREAM_SPLIT (PLAIN in version 1 pages). */
final class DoubleChunk extends ColumnChunk {
    private final double[] values = new double[PAGE_ROWS];
    private int count;

    DoubleChunk(ColumnDescriptor column, PageOptions options) {
        super(column, options);
    }

    void add(double v) throws IOException {
        values[count++] = v;
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
        int at = out.claim(8 * n);
        byte[] b = out.array();
        if (options.legacy()) {
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(values[i]);
                for (int k = 0; k < 8; k++) {
                    b[at + 8 * i + k] = (byte) (bits >>> (8 * k));
                }
            }
            return Encoding.PLAIN;
        }
        // Byte k of every value, then byte k + 1: the exponent bytes line up and compress well.
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            for (int k = 0; k < 8; k++) {
                b[at + k * n + i] = (byte) (bits >>> (8 * k));
            }
        }
        return Encoding.BYTE_STREAM_SPLIT;
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
    }
}
