package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Arrow fast path (interned ids, primitive timestamps, no metadata) and a timestamp scan through
 * memory-mapped vectors; events per second = events / score.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ArrowFastPathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ArrowFastPathBenchmark {
    @Param({"10000000"})
    public long events;

    @Param({"NONE", "LZ4_FRAME", "ZSTD"})
    public ArrowCodec codec;

    private Path dir;
    private Path written;
    private Path toScan;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tally-bench-");
        written = dir.resolve("written.arrow");
        toScan = dir.resolve("scan.arrow");
        Workloads.writeArrowFastPath(toScan, events, 200, ArrowForm.FILE, codec);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(written);
        Files.deleteIfExists(toScan);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long writeFastPath() throws IOException {
        return Workloads.writeArrowFastPath(written, events, 200, ArrowForm.FILE, codec);
    }

    @Benchmark
    public long scanTimestamps() throws IOException {
        return Workloads.scanArrowTimestamps(toScan);
    }
}
