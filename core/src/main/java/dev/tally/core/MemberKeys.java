package dev.tally.core;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Distinct keys in a fixed order, for making many metadata maps that have these keys. Columnar readers build
 * one map per event, mostly with the same keys as the event before: maps made here share this object's key
 * array (and hash index, for many keys) instead of each checking and holding its own. Immutable and
 * thread-safe.
 */
public final class MemberKeys {
    private final String[] keys;
    private final Map<String, Integer> index;

    private MemberKeys(String[] keys) {
        this.keys = keys;
        this.index = FrozenMembers.indexFor(keys);
    }

    /**
     * The keys, in order.
     *
     * @throws IllegalArgumentException if a key appears twice
     * @throws NullPointerException if a key is null
     */
    public static MemberKeys of(List<String> keys) {
        String[] array = keys.toArray(new String[0]);
        Set<String> seen = new HashSet<>();
        for (String key : array) {
            if (!seen.add(Objects.requireNonNull(key, "key"))) {
                throw new IllegalArgumentException("key '" + key + "' appears twice");
            }
        }
        return new MemberKeys(array);
    }

    /** The number of keys. */
    public int size() {
        return keys.length;
    }

    /** The key at {@code position}. */
    public String key(int position) {
        return keys[position];
    }

    /**
     * An immutable map of these keys, in order, to {@code values} (copied: the array can be reused).
     *
     * @throws IllegalArgumentException if {@code values} has not one value per key
     * @throws NullPointerException if a value is null
     */
    public Map<String, JsonValue> map(JsonValue[] values) {
        if (values.length != keys.length) {
            throw new IllegalArgumentException(values.length + " values for " + keys.length + " keys");
        }
        JsonValue[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException("null value of key '" + keys[i] + "'");
            }
        }
        return FrozenMembers.adopt(keys, copy, index);
    }

    @Override
    public String toString() {
        return Arrays.toString(keys);
    }
}
