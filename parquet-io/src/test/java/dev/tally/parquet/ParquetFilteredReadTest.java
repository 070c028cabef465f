package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFilteredReadTest {
    @TempDir
    static Path tmp;
    static Path file;
    static List<CounterEvent> all = new ArrayList<>();

    @BeforeAll
    static void write() throws Exception {
        SampleTrace trace = SampleTrace.of(300_000, SampleTrace.Shape.FLOAT, 21);
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                all.add(e);
            }
        }
        all.add(new CounterEvent("nan", Timestamp.of(Double.NaN), "us"));
        file = tmp.resolve("t.parquet");
        // Small row groups, so that a narrow time range has many to skip.
        try (ParquetEventWriter w = ParquetEventWriter.builder().rowGroupBytes(64 << 10).open(file, trace.header())) {
            for (CounterEvent e : all) {
                w.write(e);
            }
        }
    }

    private static List<CounterEvent> read(EventFilter f) throws Exception {
        List<CounterEvent> out = new ArrayList<>();
        try (ParquetEventReader r = ParquetEventReader.open(file, f)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<CounterEvent> expected(EventFilter f) {
        return all.stream().filter(f::matches).toList();
    }

    @Test
    void aOnePercentTimeRangeReturnsExactlyItsEventsAndSkipsMostOfTheFile() throws Exception {
        double first = all.get(0).timestamp().doubleValue();
        double last = all.get(all.size() - 2).timestamp().doubleValue();
        double from = first + (last - first) * 0.40;
        EventFilter f = EventFilter.timeRange(from, from + (last - first) * 0.01);
        List<CounterEvent> got = read(f);
        assertEquals(expected(f), got);
        assertTrue(got.size() > 1_000, "range holds " + got.size());
        long toRead = ParquetEventReader.rowsToRead(file, f);
        long total = ParquetEventReader.rowsToRead(file, EventFilter.ALL);
        assertEquals(all.size(), total);
        System.out.printf("1%% time range: %d events, %d of %d rows left to read after skipping%n", got.size(), toRead, total);
        // Statistics ruled out most row groups and pages: far fewer rows are even decoded than the file holds.
        assertTrue(toRead < total / 10, "rows left to read: " + toRead + " of " + total);
        assertTrue(toRead >= got.size());
    }

    @Test
    void aNameSetReturnsExactlyItsEvents() throws Exception {
        EventFilter f = EventFilter.names(Set.of("stablehlo.reduce", "npu3.mac_ops", "nan", "no-such-name"));
        assertEquals(expected(f), read(f));
        EventFilter both = new EventFilter(1000, 50_000, Set.of("stablehlo.reduce"));
        assertEquals(expected(both), read(both));
    }

    @Test
    void aNameThatIsNowhereSkipsEveryRowGroupByItsDictionary() throws Exception {
        EventFilter f = EventFilter.names(Set.of("no-such-name"));
        assertEquals(List.of(), read(f));
        assertEquals(0, ParquetEventReader.rowsToRead(file, f));
    }
}
