package dev.tally.core.columnar;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which metadata keys get a typed column of their own. A writer chooses the plan from the first batch of events
 * ({@link #choose}) and keeps it for the whole stream, since a columnar schema is fixed when the first batch is
 * written; entries the plan does not cover go to the general {@code metadata} column.
 */
public record MetadataPlan(List<MetadataColumn> columns) {

    /** At most this many typed metadata columns: estimator metadata has few keys, and wide schemas cost. */
    public static final int MAX_COLUMNS = 32;

    /** Distinct strings counted per key while choosing, enough to tell repeating values from unique ones. */
    private static final int DISTINCT_LIMIT = 1 << 16;

    /** Copies the list and checks that keys are distinct and few enough. */
    public MetadataPlan {
        columns = List.copyOf(columns);
        if (columns.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("at most " + MAX_COLUMNS + " metadata columns, not " + columns.size());
        }
        Set<String> keys = new HashSet<>();
        for (MetadataColumn c : columns) {
            if (!keys.add(c.key())) {
                throw new IllegalArgumentException("metadata key " + c.key() + " has two columns");
            }
        }
    }

    /** No typed metadata column: every metadata entry goes to the general column. */
    public static MetadataPlan none() {
        return new MetadataPlan(List.of());
    }

    /** The index of the column holding {@code key}, or -1. */
    public int indexOf(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Chooses typed columns from a sample of the stream (its first batch). A key gets a column when its name is
     * safe as a column name ({@link Columns#isColumnKey}) and its most common value kind occurs in at least 1% of
     * the sampled events; the column has that kind. Strings whose values repeat (on average at least twice) are
     * dictionary-encoded. With more than {@link #MAX_COLUMNS} candidates, the most frequent ones win. Columns are
     * in the order their keys first appear.
     */
    public static MetadataPlan choose(List<CounterEvent> sample) {
        Map<String, KeyStats> stats = new LinkedHashMap<>();
        Map<String, Boolean> columnKeys = new HashMap<>(); // the name check, once per distinct key
        // Keys by their position in the last event: events repeat their keys as the same objects, in order.
        String[] recentKeys = new String[16];
        KeyStats[] recentStats = new KeyStats[16];
        for (CounterEvent e : sample) {
            Map<String, JsonValue> metadata = e.metadata();
            for (int p = 0, n = Members.size(metadata); p < n; p++) { // by position: no entry object per member
                String key = Members.key(metadata, p);
                JsonValue value = Members.value(metadata, p);
                MetadataKind kind = MetadataKind.of(value);
                if (kind == null) {
                    continue;
                }
                KeyStats s;
                if (p < recentKeys.length && recentKeys[p] == key) {
                    s = recentStats[p];
                } else {
                    s = columnKeys.computeIfAbsent(key, Columns::isColumnKey)
                            ? stats.computeIfAbsent(key, k -> new KeyStats(stats.size())) : null;
                    if (p < recentKeys.length) {
                        recentKeys[p] = key;
                        recentStats[p] = s;
                    }
                }
                if (s != null) {
                    s.add(kind, value);
                }
            }
        }
        long threshold = Math.max(1, (sample.size() + 99) / 100);
        List<Map.Entry<String, KeyStats>> candidates = new ArrayList<>();
        for (Map.Entry<String, KeyStats> s : stats.entrySet()) {
            if (s.getValue().bestCount() >= threshold) {
                candidates.add(s);
            }
        }
        if (candidates.size() > MAX_COLUMNS) {
            candidates.sort(Comparator.comparingLong((Map.Entry<String, KeyStats> s) -> -s.getValue().bestCount())
                    .thenComparingInt(s -> s.getValue().firstSeen));
            candidates = new ArrayList<>(candidates.subList(0, MAX_COLUMNS));
            candidates.sort(Comparator.comparingInt(s -> s.getValue().firstSeen));
        }
        List<MetadataColumn> columns = new ArrayList<>();
        for (Map.Entry<String, KeyStats> s : candidates) {
            columns.add(new MetadataColumn(s.getKey(), s.getValue().kind()));
        }
        return new MetadataPlan(columns);
    }

    private static final class KeyStats {
        final int firstSeen;
        final long[] counts = new long[MetadataKind.values().length];
        final Map<String, Boolean> distinct = new HashMap<>();

        KeyStats(int firstSeen) {
            this.firstSeen = firstSeen;
        }

        /** The last string counted: consecutive events often repeat a value, as the same object. */
        private String last;

        void add(MetadataKind kind, JsonValue value) {
            counts[kind.ordinal()]++;
            if (kind == MetadataKind.STRING && distinct.size() < DISTINCT_LIMIT) {
                String s = ((JsonValue.StringValue) value).value();
                if (s != last) {
                    distinct.put(s, Boolean.TRUE);
                    last = s;
                }
            }
        }

        MetadataKind best() {
            MetadataKind best = MetadataKind.INT64;
            for (MetadataKind k : MetadataKind.values()) {
                if (counts[k.ordinal()] > counts[best.ordinal()]) {
                    best = k;
                }
            }
            return best;
        }

        long bestCount() {
            return counts[best().ordinal()];
        }

        MetadataKind kind() {
            MetadataKind best = best();
            // Past the counting limit the strings are not known to repeat: they stay plain.
            if (best == MetadataKind.STRING && distinct.size() < DISTINCT_LIMIT
                    && distinct.size() * 2L <= counts[best.ordinal()]) {
                return MetadataKind.STRING_DICT;
            }
            return best;
        }
    }
}
