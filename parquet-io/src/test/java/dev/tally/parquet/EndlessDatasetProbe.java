package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;

/** Run in a child JVM: writes the sample trace into a dataset folder without end, until it is killed. */
public final class EndlessDatasetProbe {
    private EndlessDatasetProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long eventsPerFile = Long.parseLong(args[1]);
        SampleTrace trace = SampleTrace.of(Long.MAX_VALUE);
        ParquetDatasetWriter w = ParquetDatasetWriter.builder().eventsPerFile(eventsPerFile).open(dir, trace.header());
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                w.write(e);
            }
        }
    }
}
