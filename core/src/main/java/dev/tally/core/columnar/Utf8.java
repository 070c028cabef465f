package dev.tally.core.columnar;

import dev.tally.core.FormatException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for the columnar formats' string columns. A Java string may hold an unpaired surrogate (JSON and Python allow one), which
 * UTF-8 cannot encode and {@link String#getBytes} would silently turn into {@code ?}; this class says so instead.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The UTF-8 bytes of {@code s}, or null if it holds an unpaired surrogate. */
    public static byte[] encode(String s) {
        return isEncodable(s) ? s.getBytes(StandardCharsets.UTF_8) : null;
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
