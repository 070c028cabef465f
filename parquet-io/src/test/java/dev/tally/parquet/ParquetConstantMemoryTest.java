package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetConstantMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void tenMillionEventsWriteAndReadBackWithA256MegabyteHeap() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx256m"), ParquetStreamingProbe.class, 900,
                tmp.resolve("big.parquet").toString(), "10000000");
        System.out.print(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok 10000000 events"), r.output());
    }
}
