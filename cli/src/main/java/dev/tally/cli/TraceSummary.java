package dev.tally.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.Timestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pass over a stream gathers: per event name the count, first and last timestamp and units; per time unit
 * the count and time range (timestamps of different units do not compare); per metadata key the events that have
 * it and the kinds of its values. Memory grows with the distinct names and keys, not with the events.
 */
final class TraceSummary {
    /** Counts and range of one event name or one unit (first and last null when every timestamp is NaN). */
    static final class Span {
        long events;
        Timestamp first;
        Timestamp last;
        final Map<String, Long> units = new TreeMap<>();

        void add(Timestamp t) {
            events++;
            if (Double.isNaN(t.doubleValue())) {
                return; // counted, but NaN has no place in time: first and last are of the others
            }
            if (first == null || compare(t, first) < 0) {
                first = t;
            }
            if (last == null || compare(t, last) > 0) {
                last = t;
            }
        }
    }

    /** The events that have one metadata key, by kind of value. */
    static final class KeyKinds {
        long events;
        final Map<String, Long> kinds = new TreeMap<>();
    }

    private long events;
    private final Map<String, Span> perName = new HashMap<>();
    private final Map<String, Span> perUnit = new TreeMap<>();
    private final Map<String, KeyKinds> keys = new TreeMap<>();
    // The last event's name and its span: traces often repeat a name, and the lookup is the costly part.
    private String lastName;
    private Span lastSpan;

    void add(CounterEvent e) {
        events++;
        Span name = e.eventName().equals(lastName) ? lastSpan : perName.computeIfAbsent(e.eventName(), k -> new Span());
        lastName = e.eventName();
        lastSpan = name;
        name.add(e.timestamp());
        name.units.merge(e.timeUnit(), 1L, Long::sum);
        perUnit.computeIfAbsent(e.timeUnit(), k -> new Span()).add(e.timestamp());
        Map<String, JsonValue> metadata = e.metadata();
        for (int i = 0, n = Members.size(metadata); i < n; i++) {
            KeyKinds k = keys.computeIfAbsent(Members.key(metadata, i), x -> new KeyKinds());
            k.events++;
            k.kinds.merge(kind(Members.value(metadata, i)), 1L, Long::sum);
        }
    }

    long events() {
        return events;
    }

    int distinctNames() {
        return perName.size();
    }

    /** Events per time unit. */
    Map<String, Long> perUnit() {
        Map<String, Long> out = new TreeMap<>();
        perUnit.forEach((u, s) -> out.put(u, s.events));
        return out;
    }

    Map<String, Span> unitSpans() {
        return perUnit;
    }

    Map<String, KeyKinds> keys() {
        return keys;
    }

    List<String> metadataKeys() {
        return new ArrayList<>(keys.keySet());
    }

    /** The time range per unit as text ("none" for an empty stream). */
    String timeRange() {
        if (events == 0) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        perUnit.forEach((u, s) -> b.append(b.length() == 0 ? "" : "; ").append(shown(s.first)).append(" .. ").append(shown(s.last))
                .append(u.isEmpty() ? " (no unit)" : " " + u));
        return b.toString();
    }

    /** The names with the most events first (ties by name), at most {@code n}. */
    Map<String, Span> busiest(int n) {
        Map<String, Span> out = new LinkedHashMap<>();
        perName.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Span> en) -> -en.getValue().events)
                        .thenComparing(Map.Entry::getKey))
                .limit(n)
                .forEach(en -> out.put(en.getKey(), en.getValue()));
        return out;
    }

    /** Event counts of the busiest names, at most {@code n}. */
    Map<String, Long> topNames(int n) {
        Map<String, Long> out = new LinkedHashMap<>();
        busiest(n).forEach((k, s) -> out.put(k, s.events));
        return out;
    }

    /** The kind of a metadata value, as JSON names it. */
    static String kind(JsonValue v) {
        if (v instanceof JsonValue.IntValue || v instanceof JsonValue.BigIntValue) {
            return "int";
        } else if (v instanceof JsonValue.FloatValue) {
            return "float";
        } else if (v instanceof JsonValue.StringValue) {
            return "string";
        } else if (v instanceof JsonValue.BoolValue) {
            return "bool";
        } else if (v instanceof JsonValue.ObjectValue) {
            return "object";
        } else if (v instanceof JsonValue.ArrayValue) {
            return "array";
        }
        return "null";
    }

    /** Timestamps as numbers: integers exactly, floats and integers by value. */
    static int compare(Timestamp a, Timestamp b) {
        if (a.isInteger() && b.isInteger()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    /** A first or last timestamp for people: "-" when there is none (every timestamp NaN). */
    static String shown(Timestamp t) {
        return t == null ? "-" : t.toString();
    }

    /** Writes a timestamp as the JSON number it is. */
    static void timestamp(JsonGenerator g, String field, Timestamp t) throws IOException {
        g.writeFieldName(field);
        if (t == null) {
            g.writeNull();
        } else if (t.isInteger()) {
            g.writeNumber(t.longValue());
        } else if (Double.isFinite(t.doubleValue())) {
            g.writeNumber(t.doubleValue());
        } else {
            g.writeString(Double.toString(t.doubleValue())); // JSON has no NaN or infinity
        }
    }
}
