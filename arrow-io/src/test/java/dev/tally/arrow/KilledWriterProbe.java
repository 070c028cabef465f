package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;

/** Run in a child JVM: writes the stream form, flushes some batches, then dies without closing anything. */
public final class KilledWriterProbe {
    private KilledWriterProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int events = Integer.parseInt(args[1]);
        ArrowEventWriter w = ArrowEventWriter.builder().form(ArrowForm.STREAM).codec(ArrowCodec.ZSTD).batchRows(1_000)
                .open(file, SampleTrace.of(events).header());
        try (EventReader in = SampleTrace.of(events).reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                w.write(e);
            }
        }
        System.out.println("flushed " + w.batchCount() + " batches");
        System.out.flush();
        Runtime.getRuntime().halt(9); // no close, no shutdown hooks: as abrupt as a kill
    }
}
