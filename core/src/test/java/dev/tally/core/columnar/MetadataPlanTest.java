package dev.tally.core.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.core.CounterEvent;
import dev.tally.core.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataPlanTest {
    private static CounterEvent event(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_name", "e");
        fields.put("timestamp", 1);
        fields.put("timeunit", "");
        fields.put("metadata", m);
        return CounterEvent.fromMap(fields);
    }

    @Test
    void keysGetTheKindMostOfTheirValuesHaveInFirstSeenOrder() {
        List<CounterEvent> sample = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sample.add(event("npu", i % 8, "op", "op" + (i % 5), "energy", i + 0.5, "flag", i % 2 == 0,
                    "id", "unique-" + i, "odd key", 1, "mixed", i % 3 == 0 ? "s" : i));
        }
        sample.add(event("rare", 1)); // in 1 event of 201: under the 1% bar
        MetadataPlan plan = MetadataPlan.choose(sample);
        assertEquals(List.of(new MetadataColumn("npu", MetadataKind.INT64), new MetadataColumn("op", MetadataKind.STRING_DICT),
                new MetadataColumn("energy", MetadataKind.FLOAT64), new MetadataColumn("flag", MetadataKind.BOOL),
                new MetadataColumn("id", MetadataKind.STRING), new MetadataColumn("mixed", MetadataKind.INT64)),
                plan.columns());
    }

    @Test
    void stringsPastTheDistinctCountingLimitAreNotTakenForRepeatingOnes() {
        List<CounterEvent> sample = new ArrayList<>();
        for (int i = 0; i < 140_000; i++) {
            sample.add(event("id", "u" + i));
        }
        assertEquals(List.of(new MetadataColumn("id", MetadataKind.STRING)), MetadataPlan.choose(sample).columns());
    }

    @Test
    void keysThatAreNotSafeColumnNamesOrTooManyAreLeftToTheGeneralColumn() {
        Object[] kv = new Object[82];
        for (int i = 0; i < 40; i++) {
            kv[2 * i] = "k" + i;
            kv[2 * i + 1] = i;
        }
        kv[80] = "a.b";
        kv[81] = 1;
        MetadataPlan plan = MetadataPlan.choose(List.of(event(kv)));
        assertEquals(MetadataPlan.MAX_COLUMNS, plan.columns().size());
        assertEquals(-1, plan.indexOf("a.b"));
        assertThrows(IllegalArgumentException.class, () -> new MetadataColumn("a.b", MetadataKind.INT64));
        assertEquals(MetadataPlan.none(), MetadataPlan.choose(List.of(new CounterEvent("e", Timestamp.of(1)))));
    }
}
