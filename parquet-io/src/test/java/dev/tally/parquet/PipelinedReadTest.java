package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full read that decodes pages on a second thread gives exactly what a read on one thread gives: the same events,
 * and on damaged files the same events before each error, the same errors, and the same events after skipping the
 * damaged row group.
 */
class PipelinedReadTest {
    private static final int EVENTS = 70_000;

    @TempDir
    Path tmp;

    private static List<CounterEvent> events() {
        return MixedTrace.events(EVENTS);
    }

    private Path write(List<CounterEvent> events) throws IOException {
        Path file = tmp.resolve("pipeline.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().rowGroupRows(30_000).replaceExisting(true)
                .open(file, StreamHeader.of(Map.of("estimator", "test")))) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        return file;
    }

    /** Everything a reader gives: events, and errors (then skipping the row group), to the end. */
    private static List<Object> outcome(Path file, boolean pipelined) throws IOException {
        List<Object> out = new ArrayList<>();
        try (ParquetEventReader r = ParquetEventReader.open(file, pipelined)) {
            while (true) {
                try {
                    CounterEvent e = r.next();
                    if (e == null) {
                        break;
                    }
                    out.add(e);
                } catch (FormatException e) {
                    out.add("error: " + e.getMessage());
                    if (!r.skipRowGroup()) {
                        break;
                    }
                }
            }
        } catch (FormatException e) {
            out.add("refused: " + e.getMessage());
        }
        return out;
    }

    @Test
    void bothWaysGiveEveryEventOfAFileOfSeveralRowGroupsAndPages() throws IOException {
        List<CounterEvent> events = events();
        Path file = write(events);
        assertEquals(new ArrayList<Object>(events), outcome(file, true));
        assertEquals(new ArrayList<Object>(events), outcome(file, false));
    }

    @Test
    void onDamagedFilesBothWaysGiveTheSameEventsAndErrors() throws IOException {
        Path file = write(events());
        byte[] bytes = Files.readAllBytes(file);
        int damaged = 0;
        for (int at = 4; at < bytes.length - 8; at += bytes.length / 23) {
            byte[] broken = bytes.clone();
            broken[at] ^= 0x5a;
            Path bad = tmp.resolve("bad.parquet");
            Files.write(bad, broken);
            List<Object> one = outcome(bad, false);
            assertEquals(one, outcome(bad, true), "byte " + at);
            if (one.stream().anyMatch(o -> o instanceof String)) {
                damaged++;
            }
        }
        assertTrue(damaged >= 15, damaged + " damaged files gave an error");
    }

    @Test
    void closingPartWayStopsTheDecodingThread() throws IOException {
        Path file = write(events());
        for (int i = 0; i < 20; i++) {
            try (ParquetEventReader r = ParquetEventReader.open(file, true)) {
                for (int k = 0; k < 1_000 * i; k++) {
                    r.next();
                }
            }
        }
        long decoding = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tally-parquet-pages") && t.isAlive()).count();
        assertEquals(0, decoding);
    }
}
