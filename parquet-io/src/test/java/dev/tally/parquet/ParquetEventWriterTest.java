package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEventWriterTest {
    @TempDir
    Path tmp;

    @Test
    void rowGroupsHoldAtMostTheirRowLimit() throws Exception {
        SampleTrace trace = SampleTrace.of(2_500);
        Path f = tmp.resolve("t.parquet");
        ParquetEventWriter.builder().rowGroupRows(1_000).open(f, trace.header()).writeAllAndClose(trace.reader());
        List<Long> rows = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                rows.add(b.getRowCount());
            }
        }
        assertEquals(List.of(1_000L, 1_000L, 500L), rows);
        try (ParquetEventReader r = ParquetEventReader.open(f)) {
            assertEquals(trace.reader().readAll().events(), r.readAll().events());
        }
        assertThrows(IllegalArgumentException.class, () -> ParquetEventWriter.builder().rowGroupRows(0));
    }

    @Test
    void integerTimestampsAtAndBeyondTwoToThe53ComeBackExactly() throws Exception {
        List<CounterEvent> events = new ArrayList<>();
        for (long t : new long[] {1L << 53, -(1L << 53), (1L << 53) + 1, -(1L << 53) - 1, Long.MIN_VALUE,
                Long.MAX_VALUE, Long.MAX_VALUE - 1, 0, -1}) {
            events.add(new CounterEvent("t", Timestamp.of(t), "ns", Map.of()));
        }
        events.add(new CounterEvent("f", Timestamp.of(0.5), "ns", Map.of()));
        events.add(new CounterEvent("f", Timestamp.of(-Double.MIN_VALUE), "ns", Map.of()));
        Path f = tmp.resolve("edges.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().open(f, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        try (ParquetEventReader r = ParquetEventReader.open(f)) {
            List<CounterEvent> back = r.readAll().events();
            assertEquals(events, back);
            assertTrue(back.get(10).timestamp().isInteger() == false);
        }
    }
}
