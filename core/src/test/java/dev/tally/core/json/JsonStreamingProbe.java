package dev.tally.core.json;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a sample trace to hespas JSON and reads it back, checking every event against a regenerated trace.
 * Run in a child JVM with a small heap, it shows that neither side holds the events.
 */
public final class JsonStreamingProbe {
    private JsonStreamingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SampleTrace trace = SampleTrace.of(Long.parseLong(args[1]));
        try (EventReader source = trace.reader(); HespasJsonWriter w = HespasJsonWriter.open(file, source.header())) {
            source.transferTo(w);
        }
        long n = 0;
        try (EventReader expected = trace.reader(); HespasJsonReader r = HespasJsonReader.open(file)) {
            if (!r.header().equals(expected.header())) {
                throw new AssertionError("header differs: " + r.header());
            }
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                CounterEvent want = expected.next();
                if (!e.equals(want)) {
                    throw new AssertionError("event " + n + " differs: " + e + " vs " + want);
                }
                n++;
            }
            if (expected.next() != null) {
                throw new AssertionError("read back only " + n + " events");
            }
        }
        System.out.println("ok " + n + " events, " + Files.size(file) + " bytes");
    }
}
