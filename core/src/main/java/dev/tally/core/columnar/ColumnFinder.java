package dev.tally.core.columnar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the typed column of a metadata key in a plan, for writers that look it up for every entry of every event.
 * Events repeat their keys as the same objects in the same order, so the key last seen at the entry's position is
 * tried by identity first, and the hash lookup is left for the rest.
 *
 * <p>Not thread-safe: one per writer.
 */
public final class ColumnFinder {
    private static final int POSITIONS = 16;

    private final Map<String, Integer> index = new HashMap<>();
    private final String[] recentKeys = new String[POSITIONS];
    private final int[] recentColumns = new int[POSITIONS];

    /** A finder for {@code plan}'s columns. */
    public ColumnFinder(MetadataPlan plan) {
        List<MetadataColumn> columns = plan.columns();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).key(), i);
        }
    }

    /** The column index of {@code key}, the {@code position}-th entry of its event's metadata; -1 for none. */
    public int find(String key, int position) {
        if (position < POSITIONS && recentKeys[position] == key) {
            return recentColumns[position];
        }
        Integer c = index.get(key);
        int column = c == null ? -1 : c;
        if (position < POSITIONS) {
            recentKeys[position] = key;
            recentColumns[position] = column;
        }
        return column;
    }
}
