package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowConstantMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void aHundredMillionEventsWriteAndReadBackInBothFormsWithA256MegabyteHeapAnd128MegabytesOfArrowMemory() throws Exception {
        // Held in memory, a hundred million events would take tens of gigabytes; streamed, one batch is held at a
        // time, and Arrow memory is bounded by the probe's allocator limit.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx256m", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
                ArrowStreamingProbe.class, 1800, tmp.toString(), "100000000", Long.toString(128L << 20));
        System.out.print(r.output()); // sizes and peak memory, for the record
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok FILE 100000000 events"), r.output());
        assertTrue(r.output().contains("ok STREAM 100000000 events"), r.output());
    }
}
