package dev.tally.core;

import java.io.IOException;

/**
 * The input is not a valid stream in the format being read: malformed, truncated, of the wrong type, or holding
 * a value this library cannot keep exactly. The message says what and where; {@link #location()} gives the
 * same as fields. This is the only exception type readers throw for bad input (other {@link IOException}s are
 * failures of the storage itself).
 */
public final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Where a problem is. Unknown parts are null or -1.
     *
     * @param source the file or stream name
     * @param eventIndex the 0-based index of the event in the stream
     * @param field the field (or metadata key) concerned
     * @param line the 1-based line in a text file
     * @param column the 1-based column in a text file
     * @param byteOffset the 0-based byte offset in the file
     */
    public record Location(String source, long eventIndex, String field, long line, long column, long byteOffset) {
        /** Nothing known yet. */
        public static final Location UNKNOWN = new Location(null, -1, null, -1, -1, -1);

        /** This location in the given source. */
        public Location inSource(String newSource) {
            return new Location(newSource, eventIndex, field, line, column, byteOffset);
        }

        /** This location at the given event. */
        public Location atEvent(long index) {
            return new Location(source, index, field, line, column, byteOffset);
        }

        /** This location at the given field. */
        public Location atField(String name) {
            return new Location(source, eventIndex, name, line, column, byteOffset);
        }

        /** This location at a position in a text file (-1 where unknown). */
        public Location atText(long newLine, long newColumn, long newByteOffset) {
            return new Location(source, eventIndex, field, newLine, newColumn, newByteOffset);
        }

        /** This location at a byte offset. */
        public Location atByte(long offset) {
            return new Location(source, eventIndex, field, line, column, offset);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            if (eventIndex >= 0) {
                sep(b).append("event ").append(eventIndex);
            }
            if (field != null) {
                sep(b).append("field '").append(field).append('\'');
            }
            if (line >= 0) {
                sep(b).append("line ").append(line);
                if (column >= 0) {
                    b.append(", column ").append(column);
                }
            }
            if (byteOffset >= 0) {
                sep(b).append("byte offset ").append(byteOffset);
            }
            if (source != null) {
                return b.length() == 0 ? source : source + ": " + b;
            }
            return b.toString();
        }

        private static StringBuilder sep(StringBuilder b) {
            return b.length() == 0 ? b : b.append(", ");
        }
    }

    private final Location location;
    private final String reason;

    /** A problem at {@code location}, described by {@code reason}. */
    public FormatException(Location location, String reason) {
        this(location, reason, null);
    }

    /** A problem at {@code location}, described by {@code reason}, caused by {@code cause}. */
    public FormatException(Location location, String reason, Throwable cause) {
        super(compose(location, reason), cause);
        this.location = location;
        this.reason = reason;
    }

    /** Where the problem is. */
    public Location location() {
        return location;
    }

    /** What the problem is, without the location. */
    public String reason() {
        return reason;
    }

    private static String compose(Location location, String reason) {
        String where = location.toString();
        return where.isEmpty() ? reason : where + ": " + reason;
    }
}
