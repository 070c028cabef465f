package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembersTest {
    @Test
    void membersByPositionFollowTheMetadataOrderForFrozenAndOtherMaps() {
        Map<String, JsonValue> plain = new LinkedHashMap<>();
        plain.put("b", JsonValue.of(2));
        plain.put("a", JsonValue.of("x"));
        plain.put("c", JsonValue.of(true));
        Map<String, JsonValue> frozen = new CounterEvent("e", Timestamp.of(1), "", plain).metadata();
        for (Map<String, JsonValue> m : java.util.List.of(plain, frozen)) {
            assertEquals(3, Members.size(m));
            assertEquals("b", Members.key(m, 0));
            assertEquals(JsonValue.of(2), Members.value(m, 0));
            assertEquals("c", Members.key(m, 2));
            assertEquals(JsonValue.of(true), Members.value(m, 2));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Members.key(plain, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Members.value(frozen, 3));
        assertEquals(0, Members.size(new CounterEvent("e", Timestamp.of(1)).metadata()));
    }
}
