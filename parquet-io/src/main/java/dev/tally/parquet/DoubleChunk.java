package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.column.statistics.DoubleStatistics;

/** A {@code double} column: BYTE_STREAM_SPLIT (PLAIN in version 1 pages). */
final class DoubleChunk extends ColumnChunk {
    /** The values' bits, as the encodings lay them out. */
    private final long[] bits = new long[PAGE_ROWS];
    private int count;
    /** Null, or the dictionary until it fills up in the row group (values repeat: metadata computed per op). */
    private final LongDictionary dictionary;
    private boolean fallback;

    DoubleChunk(ColumnDescriptor column, PageOptions options, boolean dictionaryEncoded) {
        super(column, options);
        this.dictionary = dictionaryEncoded ? new LongDictionary() : null;
    }

    void add(double v) {
        bits[count++] = Double.doubleToRawLongBits(v);
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
            // The page's least and greatest in Double.compare's order, parquet-java's order for statistics: the
            // same statistics as updating them value by value, in one pass.
            double min = Double.longBitsToDouble(bits[0]);
            double max = min;
            for (int i = 1; i < n; i++) {
                double d = Double.longBitsToDouble(bits[i]);
                if (Double.compare(d, min) < 0) {
                    min = d;
                } else if (Double.compare(d, max) > 0) {
                    max = d;
                }
            }
            DoubleStatistics s = (DoubleStatistics) stats;
            s.updateStats(min);
            s.updateStats(max);
        }
        if (dictionary != null && !fallback) {
            Encoding ids = dictionaryIds(dictionary, bits, n, out);
            if (ids != null) {
                return ids;
            }
            fallback = n > 0;
        }
        if (options.legacy()) {
            PageEncodings.plainLongs(bits, n, out);
            return Encoding.PLAIN;
        }
        PageEncodings.byteStreamSplit(bits, n, out);
        return Encoding.BYTE_STREAM_SPLIT;
    }

    @Override
    void writeDictionary(ParquetFileWriter writer) throws IOException {
        writeDictionary(writer, dictionary);
    }

    @Override
    void reset() {
        super.reset();
        count = 0;
        fallback = false;
        if (dictionary != null) {
            dictionary.clear();
        }
    }
}
