package dev.tally.parquet;

import java.util.Arrays;

/** A growable little-endian byte buffer for encoding pages; reused from page to page. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The backing array: its first {@link #size()} bytes are the content. */
    byte[] array() {
        return buf;
    }

    void reset() {
        size = 0;
    }

    /** Room for {@code more} bytes after the content, as a position to write at; the size grows by it. */
    int claim(int more) {
        int at = size;
        long need = (long) at + more;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("page of more than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        }
        size = (int) need;
        return at;
    }

    void put(byte b) {
        int at = claim(1);
        buf[at] = b;
    }

    void put(byte[] b) {
        int at = claim(b.length);
        System.arraycopy(b, 0, buf, at, b.length);
    }

    void put(byte[] b, int offset, int length) {
        int at = claim(length);
        System.arraycopy(b, offset, buf, at, length);
    }

    void putIntLE(int v) {
        int at = claim(4);
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    void putLongLE(long v) {
        int at = claim(8);
        for (int i = 0; i < 8; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** An unsigned LEB128 varint, as Parquet's RLE run headers use. */
    void putVarint(int v) {
        while ((v & ~0x7f) != 0) {
            put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
