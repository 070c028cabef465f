package dev.tally.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each peer writes the whole trace and reads every event back: the same checksum as the trace itself. */
class PeersTest {
    @TempDir
    Path tmp;

    private static long expected(int events) throws Exception {
        try (EventReader r = SampleTrace.of(events, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
            return Workloads.checksum(r);
        }
    }

    @Test
    void everyPeerWritesAndReadsBackTheWholeTrace() throws Exception {
        Workloads.Trace trace = Workloads.materialise(3000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED);
        long want = expected(3000);
        Path json = tmp.resolve("j.json");
        assertTrue(Peers.writeJackson(trace, Peers.asMaps(trace), json) > 3000 * 100);
        assertEquals(want, Peers.readJackson(json));
        for (boolean zstd : new boolean[] {false, true}) {
            Path arrow = tmp.resolve("n" + zstd + ".arrow");
            assertTrue(Peers.writeNaiveArrow(trace, arrow, zstd) > 3000);
            assertEquals(want, Peers.readNaiveArrow(arrow));
        }
        Path duck = tmp.resolve("d.parquet");
        assertTrue(Peers.writeDuckDb(trace, duck) > 1000);
        assertEquals(want, Peers.readDuckDb(duck));
        Path avro = tmp.resolve("a.parquet");
        assertTrue(Workloads.writeParquetAvroPeer(trace, avro) > 1000);
        assertEquals(want, Workloads.readParquetAvroPeer(avro));
    }

    @Test
    void theFastPathWritesTheSameEventsAsTheGenericApi() throws Exception {
        Workloads.Trace trace = Workloads.materialise(3000, SampleTrace.Shape.FLOAT, 7);
        Path f = tmp.resolve("fast.arrow");
        Workloads.writeArrowFast(Workloads.FastInput.of(trace), trace, f, dev.tally.arrow.ArrowForm.FILE,
                dev.tally.arrow.ArrowCodec.ZSTD);
        try (EventReader r = SampleTrace.of(3000, SampleTrace.Shape.FLOAT, 7).reader()) {
            assertEquals(Workloads.checksum(r), Workloads.readArrow(f));
        }
    }

    @Test
    void theQuickBenchMeasuresEveryCaseOnceOnASmallTrace() throws Exception {
        QuickBench.Report report = QuickBench.run(2000, 1, tmp.resolve("quick"), what -> { });
        assertEquals(11, report.results().size());
        for (QuickBench.Result r : report.results()) {
            assertTrue(r.writeEventsPerS() > 0, r.toString());
            assertTrue(r.bytesPerEvent() > 1, r.toString());
            if (r.api().equals("fast")) {
                assertNull(r.readEventsPerS());
            } else {
                assertTrue(r.readEventsPerS() > 0, r.toString());
            }
        }
        assertNotNull(report.find("duckdb", "parquet", "zstd", "generic"));
        assertTrue(report.find("tally", "arrow", "zstd", "generic").bytesPerEvent()
                < report.find("naive-arrow", "arrow", "zstd", "generic").bytesPerEvent());
    }

    @Test
    void aCaseThatTookItsTimeStopsRepeatingButTheJacksonBaselineGetsEveryRun() throws Exception {
        QuickBench.Report spent = QuickBench.run(1000, 3, 0, tmp.resolve("spent"), what -> { });
        for (QuickBench.Result r : spent.results()) {
            assertEquals(r.impl().equals("jackson") ? 3 : 1, r.runs(), r.toString());
            assertTrue(r.writeEventsPerS() > 0, r.toString());
        }
        assertEquals(3, spent.repeats());
        QuickBench.Report unlimited = QuickBench.run(1000, 2, Long.MAX_VALUE, tmp.resolve("unlimited"), what -> { });
        for (QuickBench.Result r : unlimited.results()) {
            assertEquals(2, r.runs(), r.toString());
        }
    }
}
