package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events that exercise every part of the Parquet layout, for tests that compare two ways of writing or reading. */
final class MixedTrace {
    private MixedTrace() {
    }

    /** Typed columns, float and huge integer timestamps, general map entries, and rows whose entries span pages. */
    static List<CounterEvent> events(int count) {
        List<CounterEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("npu", JsonValue.of(i % 8));
            m.put("op", JsonValue.of("layer" + i % 37));
            m.put("flops", JsonValue.of(i * 31L));
            if (i % 3 != 0) {
                m.put("energy_pj", JsonValue.of(i * 0.25));
            }
            if (i % 17 == 0) {
                m.put("rare" + i % 5, JsonValue.of("r" + i));
            }
            if (i % 9_001 == 0) { // a row of many entries: its map crosses a page
                for (int k = 0; k < 20_000; k++) {
                    m.put("wide" + k, JsonValue.of(k));
                }
            }
            Timestamp t = i % 5 == 0 ? Timestamp.of(i + 0.5) : i % 11 == 0 ? Timestamp.of((1L << 60) + i)
                    : Timestamp.of((long) i);
            out.add(new CounterEvent("npu" + i % 8 + ".mac", t, "cycles", m));
        }
        return out;
    }
}
