package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberKeysTest {
    @Test
    void mapsKeepTheKeysOrderAndCopyTheValues() {
        MemberKeys keys = MemberKeys.of(List.of("npu", "op"));
        JsonValue[] values = {JsonValue.of(3), JsonValue.of("matmul")};
        Map<String, JsonValue> m = keys.map(values);
        values[0] = JsonValue.of(4); // the array is the caller's to reuse
        Map<String, JsonValue> n = keys.map(values);
        assertEquals(List.of("npu", "op"), List.copyOf(m.keySet()));
        assertEquals(JsonValue.of(3), m.get("npu"));
        assertEquals(JsonValue.of(4), n.get("npu"));
        assertEquals(Map.of("npu", JsonValue.of(3), "op", JsonValue.of("matmul")), m);
        assertThrows(UnsupportedOperationException.class, () -> m.put("x", JsonValue.NULL));
        assertSame(m, new CounterEvent("e", Timestamp.of(1), "", m).metadata()); // frozen: events take it as is
        assertEquals(2, keys.size());
        assertEquals("op", keys.key(1));
    }

    @Test
    void manyKeysAreFoundThroughTheSharedIndex() {
        List<String> names = new ArrayList<>();
        JsonValue[] values = new JsonValue[30];
        Map<String, JsonValue> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            names.add("k" + (29 - i));
            values[i] = JsonValue.of(i);
            expected.put("k" + (29 - i), JsonValue.of(i));
        }
        Map<String, JsonValue> m = MemberKeys.of(names).map(values);
        assertEquals(expected, m);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(m.keySet()));
        assertEquals(JsonValue.of(29), m.get("k0"));
        assertEquals(null, m.get("k30"));
    }

    @Test
    void refusesRepeatedOrNullKeysAndValuesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> MemberKeys.of(List.of("a", "b", "a")));
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> MemberKeys.of(withNull));
        MemberKeys keys = MemberKeys.of(List.of("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> keys.map(new JsonValue[] {JsonValue.of(1)}));
        assertThrows(NullPointerException.class, () -> keys.map(new JsonValue[] {JsonValue.of(1), null}));
    }
}
