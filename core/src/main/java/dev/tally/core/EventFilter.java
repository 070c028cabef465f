package dev.tally.core;

import java.util.Objects;
import java.util.Set;

/**
 * Which events a filtered read returns: timestamps in {@code [from, to)} and, unless {@code names} is empty, names
 * in {@code names}. Readers use it to skip data by its statistics; what they return is exactly what
 * {@link #matches} keeps. A NaN timestamp matches no range but the full one.
 *
 * <p>Timestamps and bounds compare by their exact values, as Python compares an {@code int} with a {@code float}:
 * {@code 2^53 + 1} is above the float {@code 9007199254740992.0}, although it has no double of its own.
 */
public record EventFilter(Timestamp from, Timestamp to, Set<String> names) {
    private static final Timestamp NEGATIVE_INFINITY = Timestamp.of(Double.NEGATIVE_INFINITY);
    private static final Timestamp POSITIVE_INFINITY = Timestamp.of(Double.POSITIVE_INFINITY);

    /** Every event. */
    public static final EventFilter ALL = new EventFilter(NEGATIVE_INFINITY, POSITIVE_INFINITY, Set.of());

    /** Copies the names and checks the range. */
    public EventFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        names = Set.copyOf(Objects.requireNonNull(names, "names"));
        if (isNaN(from) || isNaN(to) || compare(from, to) > 0) {
            throw new IllegalArgumentException("time range [" + from + ", " + to + ") is not a range");
        }
    }

    /** Integer bounds. */
    public EventFilter(long from, long to, Set<String> names) {
        this(Timestamp.of(from), Timestamp.of(to), names);
    }

    /**
     * Float bounds, normalised as timestamps are ({@link Timestamp#of(double)}: an integral value is an integer).
     *
     * @throws IllegalArgumentException for an integral bound outside the signed 64-bit range
     */
    public EventFilter(double from, double to, Set<String> names) {
        this(Timestamp.of(from), Timestamp.of(to), names);
    }

    /** Events with timestamps in {@code [from, to)}. */
    public static EventFilter timeRange(long from, long to) {
        return new EventFilter(from, to, Set.of());
    }

    /** Events with timestamps in {@code [from, to)}. */
    public static EventFilter timeRange(double from, double to) {
        return new EventFilter(from, to, Set.of());
    }

    /** Events with one of {@code names}. */
    public static EventFilter names(Set<String> names) {
        return new EventFilter(NEGATIVE_INFINITY, POSITIVE_INFINITY, names);
    }

    /**
     * A bound as a user writes it: an integer literal is parsed as Python's {@code int()} parses it (exactly, so
     * {@code 9007199254740993} stays itself), anything else as Python's {@code float()} and then normalised as a
     * timestamp ({@code 1e3} is the integer 1000).
     *
     * @throws IllegalArgumentException with Python's message for text that is not a number, or for an integral
     *                                  value outside the signed 64-bit range that timestamps have
     */
    public static Timestamp parseBound(String text) {
        java.math.BigInteger exact;
        try {
            exact = PythonNumbers.parseInt(text);
        } catch (NumberFormatException notAnInteger) {
            return Timestamp.parse(text);
        }
        return Timestamp.of(exact);
    }

    /** Whether every event matches. */
    public boolean isAll() {
        return isFullRange() && names.isEmpty();
    }

    /** Whether the time range is unbounded. */
    public boolean isFullRange() {
        return from.equals(NEGATIVE_INFINITY) && to.equals(POSITIVE_INFINITY);
    }

    /** Whether {@code e} is kept. */
    public boolean matches(CounterEvent e) {
        if (!names.isEmpty() && !names.contains(e.eventName())) {
            return false;
        }
        return isFullRange() || inRange(e.timestamp());
    }

    /** Whether {@code t} is in {@code [from, to)} (NaN is in no range). */
    public boolean inRange(Timestamp t) {
        return !isNaN(t) && compare(t, from) >= 0 && compare(t, to) < 0;
    }

    /**
     * The exact order of two timestamps, neither NaN: integers as integers, floats as floats, an integer and a
     * float by their exact values (as Python compares them), not by the integer's rounded double.
     */
    static int compare(Timestamp a, Timestamp b) {
        if (a instanceof Timestamp.IntTimestamp x) {
            return b instanceof Timestamp.IntTimestamp y ? Long.compare(x.value(), y.value())
                    : compare(x.value(), b.doubleValue());
        }
        if (b instanceof Timestamp.IntTimestamp y) {
            return -compare(y.value(), a.doubleValue());
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** The exact order of a long and a double that is not NaN. */
    static int compare(long l, double d) {
        if (d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        // d is in [-2^63, 2^63), so its floor is a long exactly
        double floor = Math.floor(d);
        long f = (long) floor;
        if (l != f) {
            return l < f ? -1 : 1;
        }
        return d > floor ? -1 : 0;
    }

    private static boolean isNaN(Timestamp t) {
        return !t.isInteger() && Double.isNaN(t.doubleValue());
    }
}
