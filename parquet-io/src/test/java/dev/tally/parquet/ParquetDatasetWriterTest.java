package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
