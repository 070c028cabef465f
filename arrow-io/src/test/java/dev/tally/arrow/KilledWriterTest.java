package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
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
        try (ArrowEventReader in = ArrowEventReader.open(partial); EventReader expected = SampleTrace.of(10_500).reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next(), n++) {
                assertEquals(expected.next(), e, "event " + n);
            }
        }
        assertEquals(10_000, n);

        // recover: the temporary file into a complete file form holding every flushed event
        Path recovered = tmp.resolve("recovered.arrow");
        ArrowRecovery.Result result = ArrowRecovery.recover(partial, recovered, ArrowEventWriter.builder());
        assertEquals(10_000, result.events());
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
