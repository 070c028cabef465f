package dev.tally.core;

import java.math.BigInteger;

/**
 * The time of a counter event: a signed 64-bit integer or a 64-bit float, kept apart exactly as hespas keeps
 * {@code int} and {@code float} apart.
 *
 * <p>hespas normalises a timestamp when an event is made: a string is parsed as Python's {@code float()}
 * parses it, and a float with an integral value becomes an int. {@link #of(double)} and {@link #parse(String)}
 * do the same, so a {@link FloatTimestamp} never holds an integral value; NaN and the infinities stay floats.
 *
 * <p>Python ints are unbounded; this type holds 64 bits. An integral value outside the signed 64-bit range
 * (a JSON integer literal, or a float such as {@code 1e20} that hespas would turn into an int) is refused
 * with an {@link IllegalArgumentException} rather than changed.
 */
public sealed interface Timestamp permits Timestamp.IntTimestamp, Timestamp.FloatTimestamp {

    /** An integer timestamp. */
    record IntTimestamp(long value) implements Timestamp {
        @Override
        public boolean isInteger() {
            return true;
        }

        @Override
        public long longValue() {
            return value;
        }

        @Override
        public double doubleValue() {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /**
     * A float timestamp whose value is not integral (NaN and the infinities included). Equality is that of
     * {@link Double#compare}: NaN equals NaN.
     */
    record FloatTimestamp(double value) implements Timestamp {
        /** Refuses an integral finite value: hespas would have made it an int, so use {@link Timestamp#of(double)}. */
        public FloatTimestamp {
            if (isIntegral(value)) {
                throw new IllegalArgumentException("an integral float timestamp (" + value
                        + ") is an integer timestamp in hespas; use Timestamp.of(double)");
            }
        }

        @Override
        public boolean isInteger() {
            return false;
        }

        /** Throws: a float timestamp has no exact long value. */
        @Override
        public long longValue() {
            throw new IllegalStateException("float timestamp " + this + " has no integer value");
        }

        @Override
        public double doubleValue() {
            return value;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** The integer timestamp {@code value}. */
    static Timestamp of(long value) {
        return new IntTimestamp(value);
    }

    /**
     * The float {@code value} normalised as hespas does: an integral value becomes an integer timestamp.
     *
     * @throws IllegalArgumentException if the value is integral but outside the signed 64-bit range
     */
    static Timestamp of(double value) {
        if (isIntegral(value)) {
            if (value >= 0x1p63 || value < -0x1p63) {
                throw new IllegalArgumentException("integral timestamp " + new java.math.BigDecimal(value).toBigInteger()
                        + " is outside the signed 64-bit range that this library holds");
            }
            return new IntTimestamp((long) value);
        }
        return new FloatTimestamp(value);
    }

    /**
     * An integer timestamp of any size, as Python ints are.
     *
     * @throws IllegalArgumentException if it is outside the signed 64-bit range
     */
    static Timestamp of(BigInteger value) {
        if (value.bitLength() > 63) {
            throw new IllegalArgumentException("integer timestamp " + value
                    + " is outside the signed 64-bit range that this library holds");
        }
        return new IntTimestamp(value.longValue());
    }

    /**
     * A string timestamp, parsed as Python's {@code float()} parses it (surrounding white space, underscores
     * between digits, {@code 1e3}, {@code inf}, {@code nan}, any case), then normalised as {@link #of(double)}.
     *
     * @throws IllegalArgumentException with Python's message ({@code could not convert string to float: 'x'})
     */
    static Timestamp parse(String text) {
        return of(PythonNumbers.parseFloat(text));
    }

    /**
     * Any value hespas accepts as a timestamp: a {@link Timestamp}, a string, or a Java number (integral
     * types and {@link BigInteger} as integers, {@code float} and {@code double} as floats).
     *
     * @throws IllegalArgumentException for any other type, naming it as hespas does
     */
    static Timestamp from(Object value) {
        if (value instanceof Timestamp t) {
            return t;
        } else if (value instanceof String s) {
            return parse(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return of(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            return of(b);
        } else if (value instanceof Double || value instanceof Float) {
            return of(((Number) value).doubleValue());
        }
        throw new IllegalArgumentException("Field 'timestamp' requires type 'typing.Union[str, int, float]', not '"
                + PythonTypes.nameOf(value) + "'");
    }

    /** True for an integer timestamp. */
    boolean isInteger();

    /** The integer value; throws {@link IllegalStateException} for a float timestamp. */
    long longValue();

    /** The value as a double (an integer beyond 2^53 is rounded). */
    double doubleValue();

    private static boolean isIntegral(double v) {
        return !Double.isInfinite(v) && v == Math.rint(v);
    }
}
