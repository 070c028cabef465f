package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.column.statistics.LongStatistics;

/** An {@code int64} column: DELTA_BINARY_PACKED (PLAIN in version 1 pages). */
final class LongChunk extends ColumnChunk {
    private final long[] values = new long[PAGE_ROWS];
    private int count;
    /** Null, or the dictionary until it fills up in the row group (values repeat: metadata computed per op). */
    private final LongDictionary dictionary;
    private boolean fallback;

    LongChunk(ColumnDescriptor column, PageOptions options, boolean dictionaryEncoded) {
        super(column, options);
        this.dictionary = dictionaryEncoded ? new LongDictionary() : null;
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
        if (dictionary != null && !fallback) {
            Encoding ids = dictionaryIds(dictionary, values, n, out);
            if (ids != null) {
                return ids;
            }
            fallback = n > 0;
        }
        if (options.legacy()) {
            PageEncodings.plainLongs(values, n, out);
            return Encoding.PLAIN;
        }
        PageEncodings.deltaBinaryPacked(values, n, out);
        return Encoding.DELTA_BINARY_PACKED;
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
