package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Run in a child JVM with a small heap: writes N sample events in both Arrow forms and reads them back, checking
 * every event against the regenerated trace. Direct memory is bounded too, by the allocator's limit.
 */
public final class ArrowStreamingProbe {
    private ArrowStreamingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        long directLimit = Long.parseLong(args[2]);
        SampleTrace trace = SampleTrace.of(events, SampleTrace.Shape.FLOAT, 11);
        try (BufferAllocator allocator = new RootAllocator(directLimit)) {
            for (ArrowForm form : ArrowForm.values()) {
                Path file = dir.resolve("big-" + form);
                try (EventReader in = trace.reader();
                     ArrowEventWriter w = ArrowEventWriter.builder().form(form)
                             .codec(form == ArrowForm.FILE ? ArrowCodec.ZSTD : ArrowCodec.LZ4_FRAME)
                             .allocator(allocator).open(file, in.header())) {
                    in.transferTo(w);
                }
                long n = 0;
                try (ArrowEventReader r = ArrowEventReader.open(file, allocator); EventReader expected = trace.reader()) {
                    for (CounterEvent e = r.next(); e != null; e = r.next(), n++) {
                        CounterEvent want = expected.next();
                        if (!e.equals(want)) {
                            throw new AssertionError(form + " event " + n + ": " + e + " != " + want);
                        }
                    }
                    if (expected.next() != null) {
                        throw new AssertionError(form + ": only " + n + " events read back");
                    }
                }
                System.out.printf("ok %s %d events %d bytes peak direct %d heap used %d%n", form, n, Files.size(file),
                        allocator.getPeakMemoryAllocation(),
                        Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
                Files.delete(file);
            }
        }
    }
}
