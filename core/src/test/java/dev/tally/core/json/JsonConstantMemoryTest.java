package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonConstantMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void aHundredMillionEventsWriteAndReadBackInA24MegabyteHeap() throws Exception {
        // Held in memory, a hundred million events take tens of gigabytes (the file is 16 GB); streamed, the heap
        // never holds more than a few.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx24m", "-XX:+UseSerialGC"), JsonStreamingProbe.class, 1800,
                tmp.resolve("big.json").toString(), "100000000");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok 100000000 events"), r.output());
    }
}
