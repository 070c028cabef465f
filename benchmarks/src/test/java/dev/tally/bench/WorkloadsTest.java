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
    void jsonBenchmarkRunsThroughItsOwnSetUp() throws Exception {
        JsonBenchmark b = new JsonBenchmark();
        b.events = 1000;
        b.shape = SampleTrace.Shape.FLOAT;
        b.setUp();
        try {
            assertTrue(b.writeJson() > 0);
            long expected;
            try (EventReader r = SampleTrace.of(1000, SampleTrace.Shape.FLOAT, SampleTrace.DEFAULT_SEED).reader()) {
                expected = Workloads.checksum(r);
            }
            assertEquals(expected, b.readJson());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void arrowBenchmarkBodiesWriteAndReadTheWholeTraceInEveryCodecAndLayout() throws Exception {
        for (ArrowCodec codec : ArrowCodec.values()) {
            for (Workloads.MetadataLayout layout : Workloads.MetadataLayout.values()) {
                ArrowBenchmark b = new ArrowBenchmark();
                b.events = 3000;
                b.shape = SampleTrace.Shape.FLOAT;
                b.codec = codec;
                b.layout = layout;
                b.setUp();
                try {
                    assertTrue(b.writeArrow() > 3000, codec + " " + layout);
                    long expected;
                    try (EventReader r = SampleTrace.of(3000, SampleTrace.Shape.FLOAT, SampleTrace.DEFAULT_SEED).reader()) {
                        expected = Workloads.checksum(r);
                    }
                    assertEquals(expected, b.readArrow(), codec + " " + layout);
                } finally {
                    b.tearDown();
                }
            }
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
    void parquetBenchmarkBodiesWriteAndReadTheWholeTraceAndThePeerToo() throws Exception {
        for (dev.tally.parquet.ParquetCodec codec : dev.tally.parquet.ParquetCodec.values()) {
            ParquetBenchmark b = new ParquetBenchmark();
            b.events = 3000;
            b.shape = SampleTrace.Shape.INT;
            b.codec = codec;
            b.setUp();
            try {
                assertTrue(b.writeParquet() > 1000, codec.toString());
                long expected;
                try (EventReader r = SampleTrace.of(3000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
                    expected = Workloads.checksum(r);
                }
                assertEquals(expected, b.readParquet(), codec.toString());
                assertTrue(b.writeParquetAvroPeer() > 1000);
                assertEquals(b.readParquetAvroPeer(), b.readParquetAvroPeer());
                assertTrue(b.readParquetAvroPeer() != 0);
            } finally {
                b.tearDown();
            }
        }
    }
}
