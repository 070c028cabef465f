package dev.tally.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleTraceTest {

    private static List<CounterEvent> all(SampleTrace t) throws IOException {
        List<CounterEvent> out = new ArrayList<>();
        try (EventReader r = t.reader()) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
            assertNull(r.next());
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameTraceAndAnotherSeedAnother() throws IOException {
        assertEquals(all(SampleTrace.of(5000, SampleTrace.Shape.INT, 7)), all(SampleTrace.of(5000, SampleTrace.Shape.INT, 7)));
        assertNotEquals(all(SampleTrace.of(5000, SampleTrace.Shape.INT, 7)), all(SampleTrace.of(5000, SampleTrace.Shape.INT, 8)));
    }

    @Test
    void givesExactlyTheRequestedNumberOfEvents() throws IOException {
        assertEquals(0, all(SampleTrace.of(0)).size());
        assertEquals(12345, all(SampleTrace.of(12345)).size());
    }

    @Test
    void firstEventsOfTheDefaultSeedStayAsDocumented() throws IOException {
        List<CounterEvent> e = all(SampleTrace.of(3));
        assertEquals("npu0.mac_ops", e.get(0).eventName());
        assertEquals("stablehlo.dot_general", e.get(1).eventName());
        assertEquals("npu0.mac_ops", e.get(2).eventName());
        assertEquals(List.of("npu", "op", "flops", "energy_pj"), new ArrayList<>(e.get(0).metadata().keySet()));
        assertEquals(JsonValue.of("layer0.attn.qkv"), e.get(0).metadata().get("op"));
        assertEquals("cycles", e.get(0).timeUnit());
        // Pinned values: a change here changes every generated trace, and must be deliberate.
        assertEquals(SampleGolden.FIRST_TIMESTAMPS, List.of(e.get(0).timestamp().longValue(),
                e.get(1).timestamp().longValue(), e.get(2).timestamp().longValue()));
        assertEquals(SampleGolden.FIRST_FLOPS, e.get(0).metadata().get("flops"));
    }

    @Test
    void intShapeHasRisingCycleTimestampsInStepsOfAtMost500() throws IOException {
        long prev = 0;
        for (CounterEvent e : all(SampleTrace.of(50_000))) {
            long t = e.timestamp().longValue();
            assertTrue(t >= prev && t - prev <= 500, "step " + prev + " -> " + t);
            prev = t;
        }
    }

    @Test
    void floatShapeHasAboutOneNonIntegralMicrosecondTimestampInFiveAndNeverDecreases() throws IOException {
        int floats = 0;
        double prev = Double.NEGATIVE_INFINITY;
        List<CounterEvent> events = all(SampleTrace.of(50_000, SampleTrace.Shape.FLOAT, 1));
        for (CounterEvent e : events) {
            assertEquals("us", e.timeUnit());
            if (!e.timestamp().isInteger()) {
                floats++;
            }
            assertTrue(e.timestamp().doubleValue() >= prev);
            prev = e.timestamp().doubleValue();
        }
        double share = floats / (double) events.size();
        assertTrue(share > 0.18 && share < 0.22, "share of float timestamps " + share);
    }

    @Test
    void usesTwoHundredNamesAndRepeatsEachOpsValues() throws IOException {
        Set<String> names = new HashSet<>();
        Map<String, JsonValue> flopsByOp = new HashMap<>();
        Map<String, JsonValue> energyByOpAndNpu = new HashMap<>();
        int withFlops = 0;
        List<CounterEvent> events = all(SampleTrace.of(200_000));
        for (CounterEvent e : events) {
            names.add(e.eventName());
            Map<String, JsonValue> m = e.metadata();
            String op = ((JsonValue.StringValue) m.get("op")).value();
            long npu = ((JsonValue.IntValue) m.get("npu")).value();
            assertTrue(npu >= 0 && npu < 8);
            if (m.containsKey("flops")) {
                withFlops++;
                long flops = ((JsonValue.IntValue) m.get("flops")).value();
                assertTrue(flops >= 1_000_000 && flops <= 1_000_000_000L);
                assertEquals(flopsByOp.computeIfAbsent(op, k -> m.get("flops")), m.get("flops"));
            }
            assertTrue(m.get("energy_pj") instanceof JsonValue.FloatValue);
            assertEquals(energyByOpAndNpu.computeIfAbsent(op + "/" + npu, k -> m.get("energy_pj")), m.get("energy_pj"));
        }
        assertEquals(200, names.size());
        assertEquals(50, flopsByOp.size());
        double share = withFlops / (double) events.size();
        assertTrue(share > 0.73 && share < 0.77, "share with flops " + share);
    }

    @Test
    void readerHandsOutTheSameHeader() throws IOException {
        try (EventReader r = SampleTrace.of(1).reader()) {
            assertEquals(SampleTrace.of(1).header(), r.header());
        }
    }

    @Test
    void headerNamesTheEstimatorAndTheModel() {
        Map<String, JsonValue> m = SampleTrace.of(1, SampleTrace.Shape.FLOAT, 3).header().metadata();
        assertEquals(JsonValue.of("tally-sample"), m.get("estimator"));
        assertEquals(JsonValue.of("toy-transformer-5x10"), m.get("model"));
        assertEquals(JsonValue.of("float"), m.get("shape"));
        assertEquals(JsonValue.of(3), m.get("seed"));
    }

    @Test
    void varyingValuesKeepEverythingButFlopsAndEnergyWhichNoLongerRepeat() throws Exception {
        List<CounterEvent> repeating = all(SampleTrace.of(20_000, SampleTrace.Shape.INT, 3));
        List<CounterEvent> varying = all(SampleTrace.of(20_000, SampleTrace.Shape.INT, 3, SampleTrace.Values.VARYING));
        java.util.Set<dev.tally.core.JsonValue> energies = new java.util.HashSet<>();
        java.util.Set<dev.tally.core.JsonValue> repeatingEnergies = new java.util.HashSet<>();
        for (int i = 0; i < repeating.size(); i++) {
            CounterEvent a = repeating.get(i);
            CounterEvent b = varying.get(i);
            assertEquals(a.eventName(), b.eventName());
            assertEquals(a.timestamp(), b.timestamp());
            assertEquals(a.metadata().keySet(), b.metadata().keySet());
            assertEquals(a.metadata().get("op"), b.metadata().get("op"));
            assertEquals(a.metadata().get("npu"), b.metadata().get("npu"));
            assertTrue(b.metadata().get("energy_pj") instanceof dev.tally.core.JsonValue.FloatValue);
            energies.add(b.metadata().get("energy_pj"));
            repeatingEnergies.add(a.metadata().get("energy_pj"));
        }
        assertTrue(energies.size() > 19_900, "distinct energies " + energies.size());
        assertTrue(repeatingEnergies.size() < 500, "distinct repeating energies " + repeatingEnergies.size());
        assertEquals(varying, all(SampleTrace.of(20_000, SampleTrace.Shape.INT, 3, SampleTrace.Values.VARYING)));
    }
}
