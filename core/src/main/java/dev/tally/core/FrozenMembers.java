package dev.tally.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable, ordered member map of a JSON object. A distinct class so that a map that is already frozen is
 * not copied again when it passes from a parsed object into an event. Its keys and values sit in two arrays
 * (metadata has a few keys, and readers build millions of these maps: two arrays cost less than an entry object
 * per member); iteration makes entries as it goes, and a lookup scans the keys, with a hash index only for large
 * objects.
 */
final class FrozenMembers extends AbstractMap<String, JsonValue> {
    /** Objects with more members than this get a hash index. */
    static final int LINEAR = 8;

    private final String[] keys;
    private final JsonValue[] values;
    private final Map<String, Integer> index;

    private FrozenMembers(String[] keys, JsonValue[] values, Map<String, Integer> index) {
        this.keys = keys;
        this.values = values;
        this.index = index;
    }

    /**
     * Freezes the members a builder made (the arrays, of equal length, are owned from now on; the keys may be
     * shared, never changed): distinct non-null keys and values, in order.
     */
    static Map<String, JsonValue> adopt(String[] keys, JsonValue[] values, Map<String, Integer> index) {
        if (keys.length == 0) {
            return Map.of();
        }
        return new FrozenMembers(keys, values, keys.length > LINEAR ? (index != null ? index : indexOf(keys)) : null);
    }

    /** The hash index that {@link #adopt} wants for these keys: none for few keys. */
    static Map<String, Integer> indexFor(String[] keys) {
        return keys.length > LINEAR ? indexOf(keys) : null;
    }

    private static Map<String, Integer> indexOf(String[] keys) {
        Map<String, Integer> index = new HashMap<>((int) (keys.length / 0.75f) + 1);
        for (int i = 0; i < keys.length; i++) {
            index.put(keys[i], i);
        }
        return index;
    }

    /** Freezes {@code map}, copying it unless it is frozen already; refuses null keys and values. */
    static Map<String, JsonValue> of(Map<String, JsonValue> map) {
        if (map instanceof FrozenMembers || map.isEmpty()) {
            return map.isEmpty() ? Map.of() : map;
        }
        MembersBuilder b = new MembersBuilder(map.size());
        for (Map.Entry<String, JsonValue> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new NullPointerException("null key or value in a JSON object: " + e.getKey());
            }
            b.put(e.getKey(), e.getValue());
        }
        return b.build();
    }

    private int find(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            if (k == key || k.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    String keyAt(int i) {
        return keys[i];
    }

    JsonValue valueAt(int i) {
        return values[i];
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return new EntrySet();
    }

    @Override
    public JsonValue get(Object key) {
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    private final class EntrySet extends AbstractSet<Entry<String, JsonValue>> {
        @Override
        public Iterator<Entry<String, JsonValue>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < keys.length;
                }

                @Override
                public Entry<String, JsonValue> next() {
                    if (next >= keys.length) {
                        throw new NoSuchElementException();
                    }
                    int i = next++;
                    return new SimpleImmutableEntry<>(keys[i], values[i]);
                }
            };
        }

        @Override
        public int size() {
            return keys.length;
        }
    }
}
