package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events of one time unit binned over a time range, for {@code tally plot}: per series (the busiest names, then
 * every other name as one) the events in each bin, and a numeric metadata key summed per bin. Memory is the bins,
 * whatever the number of events.
 */
final class Timeline {
    /** The series that holds every name not given its own. */
    static final String OTHER = "other names";

    private final String unit;
    private final double from;
    private final double width;
    private final int bins;
    private final List<String> series;
    private final Map<String, Integer> seriesOf = new HashMap<>();
    private final int other;
    private final long[][] counts;
    private final String key;
    private final double[] sums;
    private long binned;
    private long skipped;

    /**
     * Bins over {@code [from, to]} for events of {@code unit}; {@code names} get a series each, in this order, and
     * the rest one more series if {@code othersExist}; {@code key} (or null) is summed.
     */
    Timeline(String unit, double from, double to, int bins, List<String> names, boolean othersExist, String key) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins " + bins);
        }
        this.unit = unit;
        this.from = from;
        double span = to - from;
        this.width = span > 0 ? span / bins : 1; // one timestamp only: bins of one unit
        this.bins = bins;
        this.series = othersExist ? append(names, OTHER) : List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            seriesOf.put(names.get(i), i);
        }
        this.other = othersExist ? names.size() : -1;
        this.counts = new long[series.size()][bins];
        this.key = key;
        this.sums = key == null ? null : new double[bins];
    }

    private static List<String> append(List<String> names, String last) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(names);
        all.add(last);
        return List.copyOf(all);
    }

    void add(CounterEvent e) {
        double t = e.timestamp().doubleValue();
        if (!e.timeUnit().equals(unit) || Double.isNaN(t)) {
            skipped++;
            return;
        }
        int bin = (int) Math.min(bins - 1, Math.max(0, Math.floor((t - from) / width)));
        Integer s = seriesOf.get(e.eventName());
        int row = s != null ? s : other;
        if (row < 0) {
            skipped++;
            return;
        }
        counts[row][bin]++;
        binned++;
        if (sums != null) {
            JsonValue v = e.metadata().get(key);
            if (v instanceof JsonValue.IntValue i) {
                sums[bin] += i.value();
            } else if (v instanceof JsonValue.FloatValue f && Double.isFinite(f.value())) {
                sums[bin] += f.value();
            } else if (v instanceof JsonValue.BigIntValue b) {
                sums[bin] += b.value().doubleValue();
            }
        }
    }

    String unit() {
        return unit;
    }

    List<String> series() {
        return series;
    }

    int bins() {
        return bins;
    }

    double binWidth() {
        return width;
    }

    /** The start of bin {@code b}. */
    double binStart(int b) {
        return from + b * width;
    }

    long count(int series, int bin) {
        return counts[series][bin];
    }

    String key() {
        return key;
    }

    double sum(int bin) {
        return sums[bin];
    }

    /** Events put in a bin. */
    long binned() {
        return binned;
    }

    /** Events of another unit, or with a NaN timestamp. */
    long skipped() {
        return skipped;
    }
}
