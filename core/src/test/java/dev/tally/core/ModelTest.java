package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void addEventTakesTheFormsHespasTakes() {
        CounterEventStream s = new CounterEventStream(Map.of("estimator", "roofline"));
        s.addEvent("mac_ops", 1);
        s.addEvent("mac_ops", 2.0, "cycles");
        s.addEvent("dram_read", "2", "cycles", Map.of("bytes", 64));
        s.addEvent(new CounterEvent("t", Timestamp.of(1.5), "us"));
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("event_name", "m");
        dict.put("timestamp", " 7 ");
        dict.put("timeunit", "");
        dict.put("metadata", Map.of("k", List.of(1, "two", 3.0)));
        s.addEvent(dict);

        List<CounterEvent> e = s.events();
        assertEquals(5, e.size());
        assertEquals(new CounterEvent("mac_ops", Timestamp.of(1), "", Map.of()), e.get(0));
        assertEquals(new CounterEvent("mac_ops", Timestamp.of(2), "cycles", Map.of()), e.get(1));
        assertEquals(Map.of("bytes", JsonValue.of(64)), e.get(2).metadata());
        assertEquals(Timestamp.of(2), e.get(2).timestamp());
        assertEquals(Timestamp.of(7), e.get(4).timestamp());
        assertEquals(JsonValue.from(List.of(1, "two", 3.0)), e.get(4).metadata().get("k"));
        assertEquals("0.0.1", s.version());
        assertEquals(Map.of("estimator", JsonValue.of("roofline")), s.metadata());
    }

    @Test
    void mapFormRequiresEveryFieldInHespasOrderAndNoOther() {
        Map<String, Object> d = new HashMap<>();
        d.put("timestamp", 1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> CounterEvent.fromMap(d));
        assertEquals("Field 'event_name' for CounterEvent is missing from input dictionary", missing.getMessage());

        d.put("event_name", 5);
        d.put("timeunit", "");
        d.put("metadata", Map.of());
        assertEquals("Field 'event_name' requires type 'str', not 'int'",
                assertThrows(IllegalArgumentException.class, () -> CounterEvent.fromMap(d)).getMessage());

        d.put("event_name", "a");
        d.put("metadata", List.of(1));
        assertEquals("Field 'metadata' requires type 'dict', not 'list'",
                assertThrows(IllegalArgumentException.class, () -> CounterEvent.fromMap(d)).getMessage());

        d.put("metadata", Map.of());
        d.put("extra", 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CounterEvent.fromMap(d)).getMessage().contains("'extra'"));

        d.remove("extra");
        d.put("timestamp", "soon");
        assertEquals("could not convert string to float: 'soon'",
                assertThrows(IllegalArgumentException.class, () -> CounterEvent.fromMap(d)).getMessage());
    }

    @Test
    void metadataKeepsEveryJsonValueExactlyAndInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("big", new BigInteger("1180591620717411303424"));
        m.put("float", 3.0);
        m.put("negzero", -0.0);
        m.put("nan", Double.NaN);
        m.put("none", null);
        m.put("nested", Map.of("x", List.of(true, Map.of("y", 1))));
        CounterEvent e = new CounterEvent("m", Timestamp.of(1), "", JsonValue.membersOf(m));
        assertEquals(List.of("z", "big", "float", "negzero", "nan", "none", "nested"), new ArrayList<>(e.metadata().keySet()));
        assertEquals(new JsonValue.BigIntValue(new BigInteger("1180591620717411303424")), e.metadata().get("big"));
        assertEquals(JsonValue.of(3.0), e.metadata().get("float"));
        assertNotEquals(JsonValue.of(3), e.metadata().get("float"));
        assertNotEquals(JsonValue.of(0.0), e.metadata().get("negzero"));
        assertEquals(JsonValue.of(Double.NaN), e.metadata().get("nan"));
        assertEquals(JsonValue.NULL, e.metadata().get("none"));
        assertThrows(UnsupportedOperationException.class, () -> e.metadata().put("k", JsonValue.NULL));
    }

    @Test
    void smallBigIntegersBecomeLongsSoEachIntegerHasOneForm() {
        assertEquals(JsonValue.of(5), JsonValue.of(BigInteger.valueOf(5)));
        assertThrows(IllegalArgumentException.class, () -> new JsonValue.BigIntValue(BigInteger.TEN));
    }

    @Test
    void objectEqualityIgnoresKeyOrderAsPythonDictsDo() {
        Map<String, JsonValue> a = new LinkedHashMap<>();
        a.put("a", JsonValue.of(1));
        a.put("b", JsonValue.of(2));
        Map<String, JsonValue> b = new LinkedHashMap<>();
        b.put("b", JsonValue.of(2));
        b.put("a", JsonValue.of(1));
        assertEquals(new JsonValue.ObjectValue(a), new JsonValue.ObjectValue(b));
    }

    @Test
    void unconvertibleJavaValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonValue.from(new java.math.BigDecimal("1.5")));
        assertThrows(IllegalArgumentException.class, () -> JsonValue.from(Map.of(1, "x")));
    }
}
