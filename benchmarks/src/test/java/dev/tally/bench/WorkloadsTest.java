package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every benchmark body once on a small trace and checks its result, so a broken benchmark fails the build. */
class WorkloadsTest {
    @TempDir
    Path tmp;

    @Test
    void jsonBenchmarkBodiesWriteAndReadTheWholeTrace() throws Exception {
        for (SampleTrace.Shape shape : SampleTrace.Shape.values()) {
            Workloads.Trace trace = Workloads.materialise(5000, shape, 42);
            assertEquals(5000, trace.events().size());
            Path f = tmp.resolve(shape + ".json");
            long bytes = Workloads.writeJson(trace, f);
            assertTrue(bytes > 5000 * 100, "bytes " + bytes);
            long expected;
            try (EventReader r = SampleTrace.of(5000, shape, 42).reader()) {
                expected = Workloads.checksum(r);
            }
            assertEquals(expected, Workloads.readJson(f));
        }
    }

    @Test
    void fastPathBenchmarkBodiesWriteEveryEventAndScanTheirTimestamps() throws Exception {
        for (ArrowCodec codec : ArrowCodec.values()) {
            ArrowFastPathBenchmark b = new ArrowFastPathBenchmark();
            b.events = 10_000;
            b.codec = codec;
            b.setUp();
            try {
                assertTrue(b.writeFastPath() > 10_000, codec.toString());
                assertEquals(3L * (10_000L * 9_999 / 2), b.scanTimestamps(), codec.toString());
            } finally {
                b.tearDown();
            }
        }
    }


    @Test
    void everyFormatBenchmarkBodyWritesAndReadsTheWholeTrace() throws Exception {
        for (Subject subject : Subject.values()) {
            FormatBenchmark b = new FormatBenchmark();
            b.events = 2000;
            b.shape = SampleTrace.Shape.INT;
            b.subject = subject;
            b.setUp();
            try {
                b.clean();
                assertTrue(b.write() > 2000, subject.toString());
                long expected;
                try (EventReader r = SampleTrace.of(2000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
                    expected = Workloads.checksum(r);
                }
                if (subject.reads()) {
                    assertEquals(expected, b.read(), subject.toString());
                } else {
                    assertTrue(b.read() > 2000, subject.toString());
                }
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void scanBenchmarkBodiesReturnWhatTheirEventsHold() throws Exception {
        ScanBenchmark b = new ScanBenchmark();
        b.events = 20_000;
        b.setUp();
        try {
            long sum = 0;
            java.util.List<dev.tally.core.CounterEvent> all;
            try (EventReader r = SampleTrace.of(20_000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
                all = r.readAll().events();
            }
            for (dev.tally.core.CounterEvent e : all) {
                sum += e.timestamp().longValue();
            }
            assertEquals(sum, b.scanTimestampsArrowNone());
            assertEquals(sum, b.scanTimestampsArrowNoneUnverified());
            assertEquals(sum, b.scanTimestampsArrowNoneInPlace());
            assertEquals(sum, b.scanTimestampsArrowNoneAllColumns());
            assertEquals(sum, b.scanTimestampsArrowNoneUnchecked());
            assertEquals(sum, b.scanTimestampsArrowZstd());
            assertEquals(b.filterNameJson(), b.filterNameParquet());
            assertEquals(b.filterRangeJson(), b.filterRangeParquet());
            long inRange = all.stream().filter(b.range()::matches).count();
            assertTrue(inRange > 50 && inRange < 1000, "range holds " + inRange);
            assertTrue(b.filterNameJson() != 0);
        } finally {
            b.tearDown();
        }
    }
}
