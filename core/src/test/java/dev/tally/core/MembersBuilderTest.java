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

    @Test
    void largeObjectsKeepOrderReplaceInPlaceAndEqualAnyMapWithTheSameMembers() {
        MembersBuilder b = new MembersBuilder(1);
        java.util.LinkedHashMap<String, JsonValue> plain = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            b.put("k" + (39 - i), JsonValue.of(i));
            plain.put("k" + (39 - i), JsonValue.of(i));
        }
        assertEquals(JsonValue.of(5), b.put("k34", JsonValue.of("five")));
        plain.put("k34", JsonValue.of("five"));
        Map<String, JsonValue> m = b.build();
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(m.keySet()));
        assertEquals(plain, m);
        assertEquals(m, plain);
        assertEquals(plain.hashCode(), m.hashCode());
        assertEquals(JsonValue.of("five"), m.get("k34"));
        assertEquals(null, m.get("k40"));
        assertEquals(false, m.containsKey(null));
        assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue(JsonValue.NULL));
        assertThrows(UnsupportedOperationException.class, () -> m.remove("k1"));
        Map<String, JsonValue> small = new MembersBuilder(0).build();
        assertEquals(Map.of(), small);
    }

    @Test
    void distinctMembersComeFirstAndLaterKeysStillFindThem() {
        MembersBuilder b = new MembersBuilder(2);
        for (int i = 0; i < 12; i++) { // past the linear scan: the index is kept up to date
            b.putDistinct("k" + i, JsonValue.of(i));
        }
        assertEquals(JsonValue.of(3), b.put("k3", JsonValue.of(-3)));
        assertThrows(IllegalStateException.class, () -> b.putDistinct("x", JsonValue.of(1)));
        java.util.Map<String, JsonValue> m = b.build();
        assertEquals(12, m.size());
        assertEquals(JsonValue.of(-3), m.get("k3"));
        assertEquals(JsonValue.of(11), m.get("k11"));
        assertEquals(java.util.List.of("k0", "k1", "k2", "k3"), new java.util.ArrayList<>(m.keySet()).subList(0, 4));
        MembersBuilder twice = new MembersBuilder(12);
        for (int i = 0; i < 9; i++) {
            twice.putDistinct("k" + i, JsonValue.of(i));
        }
        assertThrows(IllegalArgumentException.class, () -> twice.putDistinct("k0", JsonValue.of(0)));
    }
}
