package dev.tally.core;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The immutable, ordered member map of a JSON object. A distinct class so that a map that is already frozen is
 * not copied again when it passes from a parsed object into an event.
 */
final class FrozenMembers extends AbstractMap<String, JsonValue> {
    private final Map<String, JsonValue> inner;

    private FrozenMembers(LinkedHashMap<String, JsonValue> owned) {
        this.inner = Collections.unmodifiableMap(owned);
    }

    /** Freezes {@code map}, copying it unless it is frozen already; refuses null keys and values. */
    static Map<String, JsonValue> of(Map<String, JsonValue> map) {
        if (map instanceof FrozenMembers || map.isEmpty()) {
            return map.isEmpty() ? Map.of() : map;
        }
        LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<String, JsonValue> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new NullPointerException("null key or value in a JSON object: " + e.getKey());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return new FrozenMembers(copy);
    }

    /** Freezes a map this class may own from now on: the caller must not keep or change it. */
    static Map<String, JsonValue> adopt(LinkedHashMap<String, JsonValue> owned) {
        return owned.isEmpty() ? Map.of() : new FrozenMembers(owned);
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return inner.entrySet();
    }

    @Override
    public JsonValue get(Object key) {
        return inner.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return inner.containsKey(key);
    }

    @Override
    public int size() {
        return inner.size();
    }
}
