package dev.tally.parquet;

import java.util.Arrays;

/**
 * The dictionary of an {@code int64} or {@code double} column chunk (doubles by their bits): each distinct value
 * gets the next id, up to {@link #MAX_BYTES} of PLAIN dictionary page, parquet-java's default limit. Open
 * addressing over primitive longs: no boxing per value.
 */
final class LongDictionary {
    static final int MAX_BYTES = 1 << 20;

    private long[] entries = new long[256];
    private int size;
    /** Id + 1 of the entry hashed to each slot; 0 for none. */
    private int[] slots = new int[1024];

    /** The id of {@code v}, added if new; -1 when the dictionary is full. */
    int intern(long v) {
        int mask = slots.length - 1;
        int h = mix(v) & mask;
        while (true) {
            int s = slots[h];
            if (s == 0) {
                break;
            }
            if (entries[s - 1] == v) {
                return s - 1;
            }
            h = (h + 1) & mask;
        }
        if (8L * (size + 1) > MAX_BYTES) {
            return -1;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size] = v;
        slots[h] = ++size;
        if (2 * size > slots.length) {
            rehash();
        }
        return size - 1;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int h = mix(entries[id]) & mask;
            while (bigger[h] != 0) {
                h = (h + 1) & mask;
            }
            bigger[h] = id + 1;
        }
        slots = bigger;
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int size() {
        return size;
    }

    /** The entries as a PLAIN dictionary page body: 8 bytes each, little-endian. */
    void writePlain(ByteSink out) {
        PageEncodings.plainLongs(entries, size, out);
    }

    void clear() {
        size = 0;
        Arrays.fill(slots, 0);
    }
}
