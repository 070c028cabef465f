package dev.tally.core;

import java.util.Objects;
import java.util.Set;

/**
 * Which events a filtered read returns: timestamps in {@code [from, to)} (compared as numbers, integers and
 * floats alike) and, unless {@code names} is empty, names in {@code names}. Readers use it to skip data by its
 * statistics; what they return is exactly what {@link #matches} keeps. A NaN timestamp matches no range but the
 * full one.
 */
public record EventFilter(double from, double to, Set<String> names) {
    /** Every event. */
    public static final EventFilter ALL = new EventFilter(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());

    /** Copies the names and checks the range. */
    public EventFilter {
        names = Set.copyOf(Objects.requireNonNull(names, "names"));
        if (Double.isNaN(from) || Double.isNaN(to) || from > to) {
            throw new IllegalArgumentException("time range [" + from + ", " + to + ") is not a range");
        }
    }

    /** Events with timestamps in {@code [from, to)}. */
    public static EventFilter timeRange(double from, double to) {
        return new EventFilter(from, to, Set.of());
    }

    /** Events with one of {@code names}. */
    public static EventFilter names(Set<String> names) {
        return new EventFilter(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, names);
    }

    /** Whether every event matches. */
    public boolean isAll() {
        return isFullRange() && names.isEmpty();
    }

    /** Whether the time range is unbounded. */
    public boolean isFullRange() {
        return from == Double.NEGATIVE_INFINITY && to == Double.POSITIVE_INFINITY;
    }

    /** Whether {@code e} is kept. */
    public boolean matches(CounterEvent e) {
        if (!names.isEmpty() && !names.contains(e.eventName())) {
            return false;
        }
        if (isFullRange()) {
            return true;
        }
        double t = e.timestamp().doubleValue();
        return t >= from && t < to;
    }
}
