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
    void aMillionEventsWriteAndReadBackInA24MegabyteHeap() throws Exception {
        // Held in memory, a million events take well over 100 MB; streamed, the heap never sees more than one.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx24m", "-XX:+UseSerialGC"), JsonStreamingProbe.class, 300,
                tmp.resolve("big.json").toString(), "1000000");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok 1000000 events"), r.output());
    }
}
