package dev.tally.core.columnar;

import dev.tally.core.FormatException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for the columnar formats' string columns. A Java string may hold an unpaired surrogate (JSON and Python allow one), which
 * UTF-8 cannot encode and {@link String#getBytes} would silently turn into {@code ?}; this class says so instead.
 * Reading, {@code new String(bytes, UTF_8)} would silently turn invalid bytes into U+FFFD; {@link #decode} refuses
 * them instead, in the words of Python's decoder (hespas reads with Python).
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The UTF-8 bytes of {@code s}, or null if it holds an unpaired surrogate. */
    public static byte[] encode(String s) {
        return isEncodable(s) ? s.getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * Bytes that are not strict UTF-8: an overlong form ({@code C0 AF} is not '/'), an encoded surrogate
     * ({@code ED A0 80}), a code point above U+10FFFF ({@code F4 90 80 80}, {@code F5 ..}), a bad continuation or a
     * cut sequence. The message is Python's: "invalid UTF-8: 'utf-8' codec can't decode byte 0xc0 in position 0:
     * invalid start byte"; positions count from the value's first byte.
     */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int position;

        private Malformed(int position, String message) {
            super(message, null, false, false); // thrown for bad input: no stack trace to fill
            this.position = position;
        }

        /** The position in the value of the first byte that cannot be decoded. */
        public int position() {
            return position;
        }
    }

    /**
     * The text of {@code len} bytes at {@code off}, which must be strict UTF-8. ASCII, almost every name, unit and
     * key, is checked and copied in one pass.
     *
     * @throws Malformed naming the first byte that is not
     */
    public static String decode(byte[] b, int off, int len) throws Malformed {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the same text, no decoder
        }
        check(b, off, i, end);
        return new String(b, off, len, StandardCharsets.UTF_8); // valid: decoded as it is, nothing replaced
    }

    /** {@link #decode(byte[], int, int)} of all of {@code b}. */
    public static String decode(byte[] b) throws Malformed {
        return decode(b, 0, b.length);
    }

    /** {@link #decode(byte[], int, int)} of the bytes left in {@code buf}, which is not moved. */
    public static String decode(java.nio.ByteBuffer buf) throws Malformed {
        if (buf.hasArray()) {
            return decode(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        }
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        return decode(b);
    }

    /** Checks bytes {@code i} to {@code end} (of a value starting at {@code off}) as strict UTF-8. */
    private static void check(byte[] b, int off, int i, int end) throws Malformed {
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F: overlong
                hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF: a surrogate
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F: overlong
                hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90..: above U+10FFFF
            } else {
                throw malformed(b, off, i, i, "invalid start byte"); // 80..C1 (C0, C1: overlong), F5..FF
            }
            int j = i + 1;
            for (int k = 0; k < need; k++, j++) {
                if (j == end) {
                    throw malformed(b, off, i, j - 1, "unexpected end of data");
                }
                int d = b[j] & 0xff;
                if (d < lo || d > hi) {
                    throw malformed(b, off, i, j - 1, "invalid continuation byte");
                }
                lo = 0x80;
                hi = 0xBF;
            }
            i = j;
        }
    }

    /** Python's message for the bytes {@code from} to {@code to} (inclusive) of a sequence that cannot be decoded. */
    private static Malformed malformed(byte[] b, int off, int from, int to, String reason) {
        int p = from - off;
        String what = to > from ? "bytes in position " + p + "-" + (to - off)
                : String.format("byte 0x%02x in position %d", b[from] & 0xff, p);
        return new Malformed(p, "invalid UTF-8: 'utf-8' codec can't decode " + what + ": " + reason);
    }

    /** Whether every surrogate in {@code s} is part of a pair. */
    public static boolean isEncodable(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A string that UTF-8 cannot store, named by what it is; writers place it ({@link #at}) where they know the
     * file and the event.
     */
    public static final class Unencodable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        private Unencodable(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The column the string was bound for: {@code event_name}, {@code timeunit} or {@code metadata}. */
        public String field() {
            return field;
        }

        /** This refusal as a {@link FormatException} at {@code where} (the output file and the event's index). */
        public FormatException at(FormatException.Location where) {
            return new FormatException(where.atField(field), getMessage(), this);
        }
    }

    /** The exception for a string that cannot be stored, naming what it is ("event name", "time unit", "metadata key"). */
    public static Unencodable unencodable(String what, String s) {
        String field = switch (what) {
            case "event name" -> Columns.EVENT_NAME;
            case "time unit" -> Columns.TIMEUNIT;
            default -> Columns.METADATA;
        };
        return new Unencodable(field, what + " " + quote(s)
                + " holds an unpaired surrogate, which UTF-8 cannot store; it is refused rather than changed");
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 80 ? "...'" : "'").toString();
    }
}
