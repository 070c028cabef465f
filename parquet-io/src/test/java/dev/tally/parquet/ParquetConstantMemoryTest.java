package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing and reading take the same small heap whatever the stream's length: one million and one hundred million
 * events each round-trip in a child JVM with a 40 MiB heap (the 100M run takes about two minutes here).
 */
class ParquetConstantMemoryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} events")
    @ValueSource(longs = {1_000_000L, 100_000_000L})
    void eventsWriteAndReadBackWithA40MegabyteHeap(long events) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx40m", "-XX:MaxDirectMemorySize=64m"), ParquetStreamingProbe.class,
                1_800, tmp.resolve("big.parquet").toString(), Long.toString(events));
        System.out.print(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok " + events + " events"), r.output());
    }
}
