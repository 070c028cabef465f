package dev.tally.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * An {@code int64} or {@code double} column, values held as 64 bits (a double's raw bits): dictionary-encoded
 * while the row group's dictionary lasts, if asked; otherwise, and after, DELTA_BINARY_PACKED for int64 and
 * BYTE_STREAM_SPLIT for doubles (PLAIN in version 1 pages).
 */
final class NumberChunk extends ColumnChunk {
    private final boolean isDouble;
    // The caller's: the open page's values.
    private long[] bits = new long[PAGE_ROWS];
    private int count;
    private final Spares<long[]> spares = new Spares<>(() -> new long[PAGE_ROWS]);
    // The worker's.
    /** Null, or the dictionary until it fills up in the row group (values repeat: metadata computed per op). */
    private final LongDictionary dictionary;
    private boolean fallback;

    NumberChunk(ColumnDescriptor column, PageOptions options, boolean dictionaryEncoded) {
        super(column, options);
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        if (type != PrimitiveTypeName.INT64 && type != PrimitiveTypeName.DOUBLE) {
            throw new IllegalArgumentException("not an int64 or double column: " + column);
        }
        this.isDouble = type == PrimitiveTypeName.DOUBLE;
        this.dictionary = dictionaryEncoded ? new LongDictionary() : null;
    }

    /** A value: an int64, or a double's raw bits. */
    void add(long value) {
        bits[count++] = value;
        presentRow();
    }

    void addNull() {
        nullRow();
    }

    @Override
    long valueBytesBound() {
        // DELTA_BINARY_PACKED's worst case: 64-bit deltas, a miniblock padded to 32 of them (248 bytes), a header
        // per block and the page's; dictionary ids (under 2^17 entries) take less, as do PLAIN and BYTE_STREAM_SPLIT.
        return deltaBound(count);
    }

    /** An upper bound of {@link PageEncodings#deltaBinaryPacked}'s output for {@code n} values. */
    static long deltaBound(long n) {
        return 9 * n + 320;
    }

    @Override
    PageValues takeValues() {
        long[] values = bits;
        int n = count;
        bits = spares.take();
        count = 0;
        return (out, pageStats) -> {
            try {
                return encode(values, n, out, pageStats);
            } finally {
                spares.give(values);
            }
        };
    }

    /** On the worker: the page's values, dictionary-encoded while the row group's dictionary lasts. */
    private Encoding encode(long[] bits, int n, ByteSink out, Statistics<?> stats) {
        if (n > 0) {
            statistics(bits, n, stats);
        }
        if (dictionary != null && !fallback) {
            Encoding ids = dictionaryIds(dictionary, bits, n, out);
            // As parquet-java does: a dictionary that does not pay for itself on the chunk's first page (values that
            // hardly repeat) is dropped for the row group, before its page is written.
            if (ids != null && (pageCount() > 0 || out.size() + 8L * dictionary.size() < 8L * n)) {
                return ids;
            }
            fallback = n > 0;
            if (ids != null && pageCount() == 0) {
                dictionary.clear();
            }
            out.reset();
        }
        if (options.legacy()) {
            PageEncodings.plainLongs(bits, n, out);
            return Encoding.PLAIN;
        }
        if (isDouble) {
            PageEncodings.byteStreamSplit(bits, n, out);
            return Encoding.BYTE_STREAM_SPLIT;
        }
        PageEncodings.deltaBinaryPacked(bits, n, out);
        return Encoding.DELTA_BINARY_PACKED;
    }

    /**
     * The page's least and greatest value in one pass, in parquet-java's order (Double.compare's for doubles): the
     * same statistics as updating them value by value.
     */
    private void statistics(long[] bits, int n, Statistics<?> stats) {
        if (isDouble) {
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
            ((DoubleStatistics) stats).updateStats(min);
            ((DoubleStatistics) stats).updateStats(max);
        } else {
            long min = bits[0];
            long max = min;
            for (int i = 1; i < n; i++) {
                min = Math.min(min, bits[i]);
                max = Math.max(max, bits[i]);
            }
            ((LongStatistics) stats).updateStats(min);
            ((LongStatistics) stats).updateStats(max);
        }
    }

    @Override
    ChunkDictionary takeDictionary() {
        return dictionary == null ? ChunkDictionary.NONE : writer -> writeDictionary(writer, dictionary);
    }

    @Override
    void resetEncoding() {
        fallback = false;
        if (dictionary != null) {
            dictionary.clear();
        }
    }
}
