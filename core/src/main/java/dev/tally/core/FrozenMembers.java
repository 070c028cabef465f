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
 * not copied again when it passes from a parsed object into an event. Its entries sit in one array (metadata
 * has a few keys, and readers build millions of these maps): iterating allocates nothing but the iterator, and a
 * lookup scans the keys, with a hash index only for large objects.
 */
final class FrozenMembers extends AbstractMap<String, JsonValue> {
    /** Objects with more members than this get a hash index. */
    static final int LINEAR = 8;

    private final Entry<String, JsonValue>[] entries;
    private final Map<String, Integer> index;
    private final EntrySet entrySet = new EntrySet();

    private FrozenMembers(Entry<String, JsonValue>[] entries, Map<String, Integer> index) {
        this.entries = entries;
        this.index = index;
    }

    /** Freezes entries a builder made (the array is owned from now on): distinct non-null keys and values, in order. */
    static Map<String, JsonValue> adopt(Entry<String, JsonValue>[] owned, Map<String, Integer> index) {
        if (owned.length == 0) {
            return Map.of();
        }
        return new FrozenMembers(owned, owned.length > LINEAR ? (index != null ? index : indexOf(owned)) : null);
    }

    private static Map<String, Integer> indexOf(Entry<String, JsonValue>[] array) {
        Map<String, Integer> index = new HashMap<>((int) (array.length / 0.75f) + 1);
        for (int i = 0; i < array.length; i++) {
            index.put(array[i].getKey(), i);
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
        for (int i = 0; i < entries.length; i++) {
            String k = entries[i].getKey();
            if (k == key || k.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return entrySet;
    }

    @Override
    public JsonValue get(Object key) {
        int i = find(key);
        return i < 0 ? null : entries[i].getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        return entries.length;
    }

    @Override
    public boolean isEmpty() {
        return entries.length == 0;
    }

    private final class EntrySet extends AbstractSet<Entry<String, JsonValue>> {
        @Override
        public Iterator<Entry<String, JsonValue>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < entries.length;
                }

                @Override
                public Entry<String, JsonValue> next() {
                    if (next >= entries.length) {
                        throw new NoSuchElementException();
                    }
                    return entries[next++];
                }
            };
        }

        @Override
        public int size() {
            return entries.length;
        }
    }
}
