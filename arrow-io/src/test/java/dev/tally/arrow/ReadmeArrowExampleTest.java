package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.testing.ReadmeCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Arrow example of README.md, run, and checked to be the one the README shows. */
class ReadmeArrowExampleTest {
    @TempDir
    Path dir;

    @Test
    void arrowExampleRunsAndIsTheOneInTheReadme() throws Exception {
        Path file = dir.resolve("trace.arrows");
        long total;
        // --- README: arrow ---
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(ArrowForm.STREAM).codec(ArrowCodec.ZSTD)
                .open(file, StreamHeader.of(Map.of("model", "resnet50")))) {
            int mac = w.nameId("npu0.mac_ops");      // the fast path: names and units interned once,
            int cycles = w.unitId("cycles");         // timestamps as primitives, nothing allocated per event
            for (long t = 0; t < 100_000; t += 10) {
                w.write(mac, t, cycles);
            }
            w.write(new CounterEvent("npu0.energy", Timestamp.of(100_000), "cycles", Map.of("pj", JsonValue.of(1.5))));
        }

        try (ArrowEventReader r = ArrowEventReader.open(file, null, // either form, recognised from the file
                ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp"))) { // load and verify one column
            long sum = 0;
            while (r.loadNextBatch()) {                              // r.root(): Arrow vectors, the file form mapped
                TimestampColumn ts = r.timestamps();                 // the timestamp union, read in place
                for (int i = 0; i < ts.rows(); i++) {
                    sum += ts.isInt(i) ? ts.intValue(i) : (long) ts.floatValue(i);
                }
            }
        // --- end ---
            total = sum;
        }
        assertEquals(499_950_000L + 100_000L, total);
        ReadmeCheck.assertReadmeShows(Path.of("src/test/java/dev/tally/arrow/ReadmeArrowExampleTest.java"), "arrow");
    }
}
