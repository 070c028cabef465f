package dev.tally.core.json;

import dev.tally.core.FormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes bytes through, refusing those that are not strict UTF-8 as Python's decoder does (hespas reads with
 * Python): overlong forms ({@code C0 AF} is not '/'), encoded surrogates ({@code ED A0 80}), code points above
 * U+10FFFF ({@code F4 90 80 80}, {@code F5 ..}) and cut sequences. Jackson's byte parser accepts all of these and
 * turns them into other text. The error names the byte offset and uses Python's words. A UTF-16 or UTF-32 document
 * (a zero or a byte order mark of those in its first bytes, which Jackson detects and decodes itself) is passed
 * through unchecked.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
    private final Supplier<FormatException.Location> where;
    private long offset; // of the next byte to check
    private boolean decided;
    private boolean unchecked;
    // The sequence under way: continuation bytes still wanted, the range its next one must be in, where it began.
    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;
    private int lead;
    private long leadAt;

    Utf8CheckingInputStream(InputStream in, Supplier<FormatException.Location> where) {
        super(in);
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (need > 0 && !unchecked) {
                throw error(leadAt, need, "unexpected end of data");
            }
            return n;
        }
        if (!decided && n > 0) {
            decide(b, off, n);
        }
        if (!unchecked) {
            check(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Jackson does not skip; reading keeps every byte checked.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    private void decide(byte[] b, int off, int n) {
        decided = true;
        int first = b[off] & 0xff;
        int second = n > 1 ? b[off + 1] & 0xff : -1;
        boolean bom16 = (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE);
        boolean zero = false;
        for (int i = 0; i < Math.min(n, 4); i++) {
            zero |= b[off + i] == 0;
        }
        unchecked = bom16 || zero;
    }

    private void check(byte[] b, int off, int n) throws FormatException {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (need == 0) {
                // ASCII runs, the bulk of any trace, in a tight loop.
                while (i < end && b[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
                int c = b[i] & 0xff;
                lead = c;
                leadAt = offset + (i - off);
                if (c >= 0xC2 && c <= 0xDF) {
                    need = 1;
                    lo = 0x80;
                    hi = 0xBF;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    need = 2;
                    lo = c == 0xE0 ? 0xA0 : 0x80;
                    hi = c == 0xED ? 0x9F : 0xBF;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    need = 3;
                    lo = c == 0xF0 ? 0x90 : 0x80;
                    hi = c == 0xF4 ? 0x8F : 0xBF;
                } else {
                    throw error(leadAt, 0, "invalid start byte");
                }
                i++;
            } else {
                int c = b[i] & 0xff;
                if (c < lo || c > hi) {
                    throw error(leadAt, 0, "invalid continuation byte");
                }
                lo = 0x80;
                hi = 0xBF;
                need--;
                i++;
            }
        }
        offset += n;
    }

    /** Python's message: the start byte of the sequence and its position, or the cut bytes' span at the end. */
    private FormatException error(long at, int missing, String reason) {
        String what;
        if (missing > 0) {
            long last = offset - 1;
            what = last > at ? "bytes in position " + at + "-" + last : String.format("byte 0x%02x in position %d", lead, at);
        } else {
            what = String.format("byte 0x%02x in position %d", lead, at);
        }
        return new FormatException(where.get().atByte(at), "invalid UTF-8: 'utf-8' codec can't decode " + what + ": " + reason);
    }
}
