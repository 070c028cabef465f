package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.ChildJvm;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetDatasetWriterTest {
    @TempDir
    Path tmp;

    @Test
    void aStreamRollsIntoFilesThatReadBackInOrderWithTheSameColumns() throws Exception {
        SampleTrace trace = SampleTrace.of(25_000, SampleTrace.Shape.FLOAT, 3);
        Path dir = tmp.resolve("trace");
        try (EventReader in = trace.reader()) {
            ParquetDatasetWriter w = ParquetDatasetWriter.builder().eventsPerFile(10_000).open(dir, in.header());
            assertEquals(25_000, w.writeAllAndClose(in));
            assertEquals(3, w.files().size());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of("part-000000.parquet", "part-000001.parquet", "part-000002.parquet"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        List<CounterEvent> back = new ArrayList<>();
        Object plan = null;
        for (Path f : files) {
            try (ParquetEventReader r = ParquetEventReader.open(f)) {
                assertEquals(trace.header(), r.header());
                if (plan == null) {
                    plan = r.metadataPlan();
                }
                assertEquals(plan, r.metadataPlan(), f.toString());
                back.addAll(r.readAll().events());
            }
        }
        try (EventReader expected = trace.reader()) {
            assertEquals(expected.readAll().events(), back);
        }
        assertThrows(FileAlreadyExistsException.class, () -> ParquetDatasetWriter.builder().open(dir, trace.header()));
    }

    @Test
    void aByteLimitEndsFilesAtTheSameEventsWhicheverThreadEncodesThePages() throws Exception {
        // Values that vary per event: about 12 bytes each, so 120,000 events make several files of 256 KiB.
        SampleTrace trace = SampleTrace.of(120_000, SampleTrace.Shape.INT, 11, SampleTrace.Values.VARYING);
        long limit = 256 << 10;
        List<List<byte[]>> runs = new ArrayList<>();
        for (boolean concurrent : new boolean[] {false, true, true}) {
            Path dir = tmp.resolve("bytes-" + runs.size());
            try (EventReader in = trace.reader()) {
                ParquetDatasetWriter.builder().bytesPerFile(limit).concurrentPages(concurrent).open(dir, in.header())
                        .writeAllAndClose(in);
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            }
            assertTrue(files.size() >= 3, files.toString());
            List<CounterEvent> back = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                long size = Files.size(files.get(i));
                if (i < files.size() - 1) {
                    // Ended by the first row group that brought it to the limit; row groups end at the limit too,
                    // past the first file, which holds the first PLAN_SAMPLE events (the columns are chosen from them).
                    assertTrue(size >= limit, files.get(i) + ": " + size + " bytes");
                    if (i > 0) {
                        assertTrue(size < 2 * limit, files.get(i) + ": " + size + " bytes");
                    }
                }
                try (ParquetEventReader r = ParquetEventReader.open(files.get(i))) {
                    back.addAll(r.readAll().events());
                }
                contents.add(Files.readAllBytes(files.get(i)));
            }
            try (EventReader expected = trace.reader()) {
                assertEquals(expected.readAll().events(), back);
            }
            runs.add(contents);
        }
        for (List<byte[]> run : runs.subList(1, runs.size())) {
            assertEquals(runs.get(0).size(), run.size());
            for (int i = 0; i < run.size(); i++) {
                assertTrue(Arrays.equals(runs.get(0).get(i), run.get(i)), "part " + i + " differs");
            }
        }
    }

    @Test
    void abortKeepsTheCompletedFilesAndDropsTheOpenOne() throws Exception {
        SampleTrace trace = SampleTrace.of(2_500);
        Path dir = tmp.resolve("aborted");
        ParquetDatasetWriter w = ParquetDatasetWriter.builder().eventsPerFile(1_000).open(dir, trace.header());
        try (EventReader in = trace.reader()) {
            in.transferTo(w);
        }
        w.abort();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("part-000000.parquet", "part-000001.parquet"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aWriterKilledMidwayLosesAtMostTheFileItWasWriting() throws Exception {
        Path dir = tmp.resolve("killed");
        Process child = ChildJvm.start(List.of("-Xmx256m", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
                EndlessDatasetProbe.class, tmp.resolve("child.log"), dir.toString(), "2000");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (visibleFiles(dir).size() < 3) {
                assertTrue(child.isAlive(), () -> "the writer ended early: " + log());
                assertTrue(System.nanoTime() < deadline, "no third file after 120 s");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no close, no shutdown hook
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<Path> files = visibleFiles(dir);
        assertTrue(files.size() >= 3, files.toString());
        // Every file under a final name is complete and holds the next 2,000 events of the trace, in order.
        try (EventReader expected = SampleTrace.of(Long.MAX_VALUE).reader()) {
            for (int i = 0; i < files.size(); i++) {
                assertEquals(String.format("part-%06d.parquet", i), files.get(i).getFileName().toString());
                try (ParquetEventReader r = ParquetEventReader.open(files.get(i))) {
                    long n = 0;
                    for (CounterEvent e = r.next(); e != null; e = r.next(), n++) {
                        assertEquals(expected.next(), e, files.get(i) + " event " + n);
                    }
                    assertEquals(2_000, n, files.get(i).toString());
                }
            }
        }
        // At most the file being written is lost: one temporary file, hidden from Spark, pandas and DuckDB.
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.filter(p -> p.getFileName().toString().startsWith(".")).count() <= 1);
        }
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("child.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static List<Path> visibleFiles(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
