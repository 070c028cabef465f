package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.ReadmeCheck;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet example of README.md, run, and checked to be the one the README shows. */
class ReadmeParquetExampleTest {
    @TempDir
    Path dir;

    @Test
    void parquetExampleRunsAndIsTheOneInTheReadme() throws Exception {
        Path file = dir.resolve("trace.parquet");
        long total;
        // --- README: parquet ---
        try (EventReader in = SampleTrace.of(100_000).reader();
             ParquetEventWriter out = ParquetEventWriter.builder().codec(ParquetCodec.ZSTD).open(file, in.header())) {
            in.transferTo(out);
        }

        EventFilter busy = new EventFilter(1_000_000, 2_000_000, Set.of("stablehlo.dot_general"));
        try (ParquetEventReader r = ParquetEventReader.open(file, busy)) {   // skips row groups and pages
            long n = 0;
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                n++;
            }
        // --- end ---
            total = n;
        }
        long expected;
        try (EventReader in = SampleTrace.of(100_000).reader()) {
            expected = in.readAll().events().stream().filter(busy::matches).count();
        }
        assertEquals(expected, total);
        ReadmeCheck.assertReadmeShows(Path.of("src/test/java/dev/tally/parquet/ReadmeParquetExampleTest.java"), "parquet");
    }
}
