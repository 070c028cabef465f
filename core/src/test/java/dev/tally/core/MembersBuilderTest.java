package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembersBuilderTest {
    @Test
    void buildsAnOrderedImmutableMapThatEventsTakeWithoutCopying() {
        MembersBuilder b = new MembersBuilder(2);
        b.put("z", JsonValue.of(1));
        assertEquals(JsonValue.of(1), b.put("z", JsonValue.of(2)));
        b.put("a", JsonValue.of("x"));
        Map<String, JsonValue> m = b.build();
        assertEquals(List.of("z", "a"), List.copyOf(m.keySet()));
        assertEquals(JsonValue.of(2), m.get("z"));
        assertThrows(UnsupportedOperationException.class, () -> m.put("b", JsonValue.NULL));
        assertSame(m, new CounterEvent("e", Timestamp.of(1), "", m).metadata());
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(NullPointerException.class, () -> new MembersBuilder(1).put("k", null));
    }
}
