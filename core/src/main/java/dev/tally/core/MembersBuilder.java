package dev.tally.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the immutable, ordered member map of a JSON object (an event's metadata, say) that events and values
 * take without copying it again: for readers that build millions of them.
 *
 * <p>Not thread-safe; {@link #build()} once.
 */
public final class MembersBuilder {
    private LinkedHashMap<String, JsonValue> members;

    /** A builder for about {@code expectedSize} members. */
    public MembersBuilder(int expectedSize) {
        members = new LinkedHashMap<>(Math.max(4, (int) (expectedSize / 0.75f) + 1));
    }

    /** Adds a member at the end (or replaces the value of a key already there, keeping its place). */
    public JsonValue put(String key, JsonValue value) {
        if (members == null) {
            throw new IllegalStateException("already built");
        }
        return members.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** The members; the builder cannot be used afterwards. */
    public Map<String, JsonValue> build() {
        if (members == null) {
            throw new IllegalStateException("already built");
        }
        Map<String, JsonValue> frozen = FrozenMembers.adopt(members);
        members = null;
        return frozen;
    }
}
