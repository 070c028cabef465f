package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM with a small heap: writes N sample events as Parquet and reads them back, event by event. */
public final class ParquetStreamingProbe {
    private ParquetStreamingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        SampleTrace trace = SampleTrace.of(events, SampleTrace.Shape.FLOAT, 13);
        try (EventReader in = trace.reader()) {
            ParquetEventWriter.builder().open(file, in.header()).writeAllAndClose(in);
        }
        long n = 0;
        try (ParquetEventReader r = ParquetEventReader.open(file); EventReader expected = trace.reader()) {
            for (CounterEvent e = r.next(); e != null; e = r.next(), n++) {
                CounterEvent want = expected.next();
                if (!e.equals(want)) {
                    throw new AssertionError("event " + n + ": " + e + " != " + want);
                }
            }
            if (expected.next() != null) {
                throw new AssertionError("only " + n + " events read back");
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("ok %d events %d bytes heap used %d%n", n, Files.size(file), rt.totalMemory() - rt.freeMemory());
    }
}
