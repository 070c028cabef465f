package dev.tally.parquet;

/**
 * The byte layouts of the Parquet encodings our pages use, in one place (see the Parquet format's Encodings.md):
 * the RLE / bit-packing hybrid (levels, dictionary ids), DELTA_BINARY_PACKED (int64), BYTE_STREAM_SPLIT and PLAIN.
 * Written for primitive arrays in tight loops; parquet-java's own encoders allocate per page and work value by
 * value. Every layout here is checked against parquet-java's decoders in {@code PageEncodingsTest}.
 */
final class PageEncodings {
    /** DELTA_BINARY_PACKED: values per block, and miniblocks per block (32 values each), as parquet-java writes. */
    static final int DELTA_BLOCK = 128;
    static final int DELTA_MINIBLOCKS = 4;
    private static final int MINIBLOCK = DELTA_BLOCK / DELTA_MINIBLOCKS;

    private PageEncodings() {
    }

    /** Bits needed for values from 0 to {@code max} (0 when max is 0). */
    static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    /**
     * The RLE / bit-packing hybrid: runs of 8 or more equal values as RLE runs, the rest bit-packed in groups of
     * 8, least significant bit first. No length prefix (version 1 pages add one for levels).
     */
    static void hybrid(int[] v, int n, int bitWidth, ByteSink out) {
        int packStart = 0; // values [packStart, i) wait to be bit-packed
        int i = 0;
        while (i < n) {
            int x = v[i];
            int j = i + 1;
            while (j < n && v[j] == x) {
                j++;
            }
            if (j - i >= 8) {
                // A bit-packed run holds whole groups of 8: the pending values borrow the first of the run.
                int pending = i - packStart;
                int pad = (8 - (pending & 7)) & 7;
                if (pending > 0) {
                    bitPacked(v, packStart, pending + pad, bitWidth, out);
                }
                if (j - (i + pad) > 0) {
                    rle(j - (i + pad), x, bitWidth, out);
                }
                packStart = j;
            }
            i = j;
        }
        if (packStart < n) {
            bitPacked(v, packStart, n - packStart, bitWidth, out); // the last group is padded with zero bits
        }
    }

    private static void rle(int count, int value, int bitWidth, ByteSink out) {
        out.putVarint(count << 1);
        for (int b = 0; b < (bitWidth + 7) / 8; b++) {
            out.put((byte) (value >>> (8 * b)));
        }
    }

    private static void bitPacked(int[] v, int from, int count, int bitWidth, ByteSink out) {
        int groups = (count + 7) / 8;
        out.putVarint(groups << 1 | 1);
        int at = out.claim(groups * bitWidth);
        byte[] b = out.array();
        long acc = 0;
        int bits = 0;
        for (int k = 0; k < groups * 8; k++) {
            long x = k < count ? v[from + k] & 0xffffffffL : 0;
            acc |= x << bits;
            bits += bitWidth;
            while (bits >= 8) {
                b[at++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
    }

    /**
     * DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value as zigzag varint),
     * then per block the least delta (zigzag varint), one bit width byte per miniblock and the miniblocks, each the
     * deltas minus the least delta bit-packed in {@value #MINIBLOCK} values. Deltas wrap as Java's longs do, and
     * readers add them back the same way, so every long comes back exactly.
     */
    static void deltaBinaryPacked(long[] v, int n, ByteSink out) {
        out.putVarint(DELTA_BLOCK);
        out.putVarint(DELTA_MINIBLOCKS);
        out.putVarint(n);
        putZigzag(n == 0 ? 0 : v[0], out);
        long[] deltas = new long[DELTA_BLOCK];
        for (int start = 1; start < n; start += DELTA_BLOCK) {
            int count = Math.min(DELTA_BLOCK, n - start);
            long min = Long.MAX_VALUE;
            for (int k = 0; k < count; k++) {
                long d = v[start + k] - v[start + k - 1];
                deltas[k] = d;
                min = Math.min(min, d);
            }
            putZigzag(min, out);
            int miniblocks = (count + MINIBLOCK - 1) / MINIBLOCK;
            int widthsAt = out.claim(DELTA_MINIBLOCKS);
            for (int m = 0; m < DELTA_MINIBLOCKS; m++) {
                int width = 0;
                if (m < miniblocks) {
                    long or = 0;
                    for (int k = m * MINIBLOCK; k < Math.min(count, (m + 1) * MINIBLOCK); k++) {
                        or |= deltas[k] - min;
                    }
                    width = 64 - Long.numberOfLeadingZeros(or);
                }
                out.array()[widthsAt + m] = (byte) width;
            }
            for (int m = 0; m < miniblocks; m++) {
                int width = out.array()[widthsAt + m];
                if (width > 0) {
                    packLongs(deltas, m * MINIBLOCK, Math.min(count, (m + 1) * MINIBLOCK), min, width, out);
                }
            }
        }
    }

    /** One miniblock: (values[from..to) - min) in {@code width} bits each, padded with zeros to a full miniblock. */
    private static void packLongs(long[] values, int from, int to, long min, int width, ByteSink out) {
        int at = out.claim(MINIBLOCK * width / 8);
        byte[] b = out.array();
        long acc = 0; // bits not yet written, low first
        int bits = 0;
        for (int k = 0; k < MINIBLOCK; k++) {
            long x = from + k < to ? values[from + k] - min : 0;
            // Up to 64 bits of x on top of up to 7 pending bits: write in two steps to stay within a long.
            int room = 64 - bits;
            acc |= x << bits;
            int total = bits + width;
            if (width >= room) {
                for (int w = 0; w < 8; w++) {
                    b[at++] = (byte) acc;
                    acc >>>= 8;
                }
                total -= 64;
                acc = room == 64 ? 0 : x >>> room;
            }
            bits = total;
            while (bits >= 8) {
                b[at++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
    }

    private static void putZigzag(long v, ByteSink out) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7fL) != 0) {
            out.put((byte) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.put((byte) z);
    }

    /** BYTE_STREAM_SPLIT of 8-byte values: byte 0 of every value, then byte 1, ...: alike bytes compress well. */
    static void byteStreamSplit(long[] bits, int n, ByteSink out) {
        int at = out.claim(8 * n);
        byte[] b = out.array();
        for (int k = 0; k < 8; k++) {
            int base = at + k * n;
            int shift = 8 * k;
            for (int i = 0; i < n; i++) {
                b[base + i] = (byte) (bits[i] >>> shift);
            }
        }
    }

    /** PLAIN 8-byte values, little-endian. */
    static void plainLongs(long[] v, int n, ByteSink out) {
        for (int i = 0; i < n; i++) {
            out.putLongLE(v[i]);
        }
    }

    /** PLAIN booleans: one bit each, least significant bit first, zero padding. */
    static void plainBooleans(boolean[] v, int n, ByteSink out) {
        int at = out.claim((n + 7) / 8);
        byte[] b = out.array();
        java.util.Arrays.fill(b, at, at + (n + 7) / 8, (byte) 0); // the sink is reused: no stale bits
        for (int i = 0; i < n; i++) {
            if (v[i]) {
                b[at + (i >>> 3)] |= (byte) (1 << (i & 7));
            }
        }
    }

    /**
     * Decodes {@code n} values of the RLE / bit-packing hybrid from {@code in} (position to limit) into {@code out};
     * values of a last bit-packed group beyond {@code n} are padding.
     *
     * @throws IllegalArgumentException when the data ends early or a run header is malformed
     */
    static void decodeHybrid(java.nio.ByteBuffer in, int bitWidth, int[] out, int n) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new IllegalArgumentException("bit width " + bitWidth + " of the RLE / bit-packing hybrid");
        }
        // Pages are heap buffers: index their array (bounds checked once per run below), not the buffer.
        byte[] a = bytes(in);
        int base = in.hasArray() ? in.arrayOffset() : -in.position();
        int p = in.position() + base;
        int end = in.limit() + base;
        int bytesPerValue = (bitWidth + 7) / 8;
        long mask = bitWidth == 32 ? 0xffffffffL : (1L << bitWidth) - 1;
        int i = 0;
        while (i < n) {
            int header = 0;
            int shift = 0;
            while (true) {
                if (p >= end) {
                    throw new IllegalArgumentException("hybrid data ends after " + i + " of " + n + " values");
                }
                int b = a[p++];
                header |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    throw new IllegalArgumentException("hybrid run header longer than 5 bytes");
                }
            }
            if ((header & 1) == 0) {
                int count = header >>> 1;
                if (p + bytesPerValue > end) {
                    throw new IllegalArgumentException("hybrid data ends in a run's value");
                }
                int value = 0;
                for (int k = 0; k < bytesPerValue; k++) {
                    value |= (a[p++] & 0xff) << (8 * k);
                }
                int to = (int) Math.min(n, (long) i + count);
                java.util.Arrays.fill(out, i, to, value);
                i = to;
            } else {
                long values = 8L * (header >>> 1);
                long bytes = (header >>> 1) * (long) bitWidth;
                if (p + bytes > end) {
                    throw new IllegalArgumentException("hybrid data ends in a bit-packed run");
                }
                long acc = 0;
                int bits = 0;
                int to = (int) Math.min(n, i + values);
                for (; i < to; i++) {
                    while (bits < bitWidth) {
                        acc |= (long) (a[p++] & 0xff) << bits;
                        bits += 8;
                    }
                    out[i] = (int) (acc & mask);
                    acc >>>= bitWidth;
                    bits -= bitWidth;
                }
                // A run cut short by n ends the page's values: its remaining bytes are padding.
            }
        }
        in.position(p - base);
    }

    /** The buffer's backing array, or a copy of its remaining bytes (then indexed from its position). */
    private static byte[] bytes(java.nio.ByteBuffer in) {
        if (in.hasArray()) {
            return in.array();
        }
        byte[] copy = new byte[in.remaining()];
        in.duplicate().get(copy);
        return copy;
    }

    /**
     * Decodes {@code n} 8-byte values of BYTE_STREAM_SPLIT from {@code in} (position to limit) into {@code out}.
     *
     * @throws IllegalArgumentException when fewer than {@code 8 * n} bytes are there
     */
    static void decodeByteStreamSplit(java.nio.ByteBuffer in, int n, double[] out) {
        int p = in.position();
        if ((long) in.limit() - p < 8L * n) {
            throw new IllegalArgumentException("BYTE_STREAM_SPLIT page of " + (in.limit() - p) + " bytes for " + n
                    + " values");
        }
        byte[] a = bytes(in);
        int q = in.hasArray() ? in.arrayOffset() + p : 0;
        for (int i = 0; i < n; i++) {
            long bits = 0;
            for (int k = 0; k < 8; k++) {
                bits |= (long) (a[q + k * n + i] & 0xff) << (8 * k);
            }
            out[i] = Double.longBitsToDouble(bits);
        }
        in.position(p + 8 * n);
    }
}
