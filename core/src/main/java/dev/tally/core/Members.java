package dev.tally.core;

import java.util.Map;

/**
 * The members of an event's metadata by position, without iterator or entry objects: for writers that visit every
 * member of millions of events. Events hold their metadata frozen ({@link CounterEvent#metadata()}), in insertion
 * order; any other map is visited in its iteration order, more slowly.
 */
public final class Members {
    private Members() {
    }

    /** The number of members. */
    public static int size(Map<String, JsonValue> metadata) {
        return metadata.size();
    }

    /** The key of member {@code i} (0-based, in order). */
    public static String key(Map<String, JsonValue> metadata, int i) {
        if (metadata instanceof FrozenMembers f) {
            return f.keyAt(i);
        }
        return entry(metadata, i).getKey();
    }

    /** The value of member {@code i} (0-based, in order). */
    public static JsonValue value(Map<String, JsonValue> metadata, int i) {
        if (metadata instanceof FrozenMembers f) {
            return f.valueAt(i);
        }
        return entry(metadata, i).getValue();
    }

    private static Map.Entry<String, JsonValue> entry(Map<String, JsonValue> metadata, int i) {
        int k = 0;
        for (Map.Entry<String, JsonValue> e : metadata.entrySet()) {
            if (k++ == i) {
                return e;
            }
        }
        throw new IndexOutOfBoundsException("member " + i + " of " + metadata.size());
    }
}
