package dev.tally.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the immutable, ordered member map of a JSON object (an event's metadata, say) that events and values
 * take without copying it again: for readers that build millions of them.
 *
 * <p>Not thread-safe; {@link #build()} once.
 */
public final class MembersBuilder {
    private String[] keys;
    private JsonValue[] values;
    private int size;
    /** Key positions, once there are more keys than a scan should look through. */
    private Map<String, Integer> index;
    /** Members put by {@link #putDistinct}, all before any {@link #put}. */
    private int distinctOnly;

    /** A builder for about {@code expectedSize} members. */
    public MembersBuilder(int expectedSize) {
        keys = new String[Math.max(2, expectedSize)];
        values = new JsonValue[keys.length];
    }

    private void grow() {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
    }

    /** Adds a member at the end (or replaces the value of a key already there, keeping its place). */
    public JsonValue put(String key, JsonValue value) {
        if (keys == null) {
            throw new IllegalStateException("already built");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int at = find(key);
        distinctOnly = -1;
        if (at >= 0) {
            JsonValue old = values[at];
            values[at] = value;
            return old;
        }
        if (size == keys.length) {
            grow();
        }
        keys[size] = key;
        values[size++] = value;
        if (index != null) {
            index.put(key, size - 1);
        } else if (size > FrozenMembers.LINEAR) {
            index = new HashMap<>();
            for (int i = 0; i < size; i++) {
                index.put(keys[i], i);
            }
        }
        return null;
    }

    /**
     * Adds a member at the end without looking for its key among the members so far: for readers whose columns'
     * keys are distinct by construction (a metadata plan's), before any other member. A key already there would
     * be an error the map does not detect, so everything else goes through {@link #put}.
     *
     * @throws IllegalStateException when built, or when members other than distinct ones were put before
     */
    public void putDistinct(String key, JsonValue value) {
        if (keys == null) {
            throw new IllegalStateException("already built");
        }
        if (distinctOnly != size) {
            throw new IllegalStateException("putDistinct after put");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (size == keys.length) {
            grow();
        }
        keys[size] = key;
        values[size++] = value;
        distinctOnly = size;
        if (index != null) {
            if (index.put(key, size - 1) != null) {
                throw new IllegalArgumentException("key " + key + " put twice as distinct");
            }
        } else if (size > FrozenMembers.LINEAR) {
            index = new HashMap<>();
            for (int i = 0; i < size; i++) {
                if (index.put(keys[i], i) != null) {
                    throw new IllegalArgumentException("key " + keys[i] + " put twice as distinct");
                }
            }
        }
    }

    private int find(String key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k == key || k.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The members; the builder cannot be used afterwards. */
    public Map<String, JsonValue> build() {
        if (keys == null) {
            throw new IllegalStateException("already built");
        }
        Map<String, JsonValue> frozen = size == keys.length ? FrozenMembers.adopt(keys, values, index)
                : FrozenMembers.adopt(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), index);
        keys = null;
        values = null;
        index = null;
        return frozen;
    }
}
