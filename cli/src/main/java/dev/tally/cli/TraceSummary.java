package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts gathered over a stream of events: how many, which names and units, the time range, metadata keys. */
final class TraceSummary {
    private long events;
    private final Map<String, Long> perName = new HashMap<>();
    private final Map<String, Long> perUnit = new TreeMap<>();
    private final TreeSet<String> metadataKeys = new TreeSet<>();
    private Timestamp first;
    private Timestamp last;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(CounterEvent e) {
        events++;
        perName.merge(e.eventName(), 1L, Long::sum);
        perUnit.merge(e.timeUnit(), 1L, Long::sum);
        metadataKeys.addAll(e.metadata().keySet());
        if (first == null) {
            first = e.timestamp();
        }
        last = e.timestamp();
        double t = e.timestamp().doubleValue();
        if (t < min) {
            min = t;
        }
        if (t > max) {
            max = t;
        }
    }

    long events() {
        return events;
    }

    int distinctNames() {
        return perName.size();
    }

    Map<String, Long> perUnit() {
        return perUnit;
    }

    TreeSet<String> metadataKeys() {
        return metadataKeys;
    }

    /** The smallest and largest timestamp as text, or "none" for an empty stream. */
    String timeRange() {
        if (events == 0) {
            return "none";
        }
        return format(min) + " .. " + format(max) + " (first " + first + ", last " + last + ")";
    }

    /** The busiest names, most events first. */
    Map<String, Long> topNames(int n) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        perName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(en -> out.put(en.getKey(), en.getValue()));
        return out;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
