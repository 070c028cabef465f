package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledWriterTest {
    @TempDir
    Path tmp;

    @Test
    void aStreamWriterKilledMidwayLeavesEveryFlushedBatchReadable() throws Exception {
        Path target = tmp.resolve("live.arrows");
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx128m", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
                KilledWriterProbe.class, 120, target.toString(), "10500");
        assertEquals(9, r.exitCode(), r.output());
        assertTrue(r.output().contains("flushed 10 batches"), r.output());
        // The writer never completed, so nothing is under the final name; its temporary file holds the batches.
        assertTrue(Files.notExists(target));
        Path partial;
        try (Stream<Path> files = Files.list(tmp)) {
            partial = files.filter(p -> p.getFileName().toString().startsWith(".live.arrows.tmp")).findFirst().orElseThrow();
        }
        long n = 0;
        long cutAt = Files.size(partial);
        try (ArrowEventReader in = ArrowEventReader.open(partial); EventReader expected = SampleTrace.of(10_500).reader()) {
            // every flushed batch reads; then the missing end-of-stream marker says the writer did not finish
            long[] read = {0};
            FormatException end = assertThrows(FormatException.class, () -> {
                for (CounterEvent e = in.next(); e != null; e = in.next()) {
                    assertEquals(expected.next(), e, "event " + read[0]);
                    read[0]++;
                }
            });
            assertEquals("no end-of-stream marker at byte " + cutAt + ": the writer did not finish (tally recover can"
                    + " save the events before it)", end.reason());
            n = read[0];
        }
        assertEquals(10_000, n);

        // recover: the temporary file into a complete file form holding every flushed event
        Path recovered = tmp.resolve("recovered.arrow");
        ArrowRecovery.Result result = ArrowRecovery.recover(partial, recovered, ArrowEventWriter.builder());
        assertEquals(10_000, result.events());
        assertTrue(result.problem().contains("no end-of-stream marker at byte " + cutAt), result.problem());
        long m = 0;
        try (ArrowEventReader in = ArrowEventReader.open(recovered); EventReader expected = SampleTrace.of(10_500).reader()) {
            assertEquals(ArrowForm.FILE, in.form());
            for (CounterEvent e = in.next(); e != null; e = in.next(), m++) {
                assertEquals(expected.next(), e, "recovered event " + m);
            }
        }
        assertEquals(10_000, m);
    }
}
