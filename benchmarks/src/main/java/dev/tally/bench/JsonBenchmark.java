package dev.tally.bench;

import dev.tally.core.sample.SampleTrace;
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
 * hespas JSON through Jackson's streaming parser and generator: the baseline every other format is compared with.
 * One operation is a whole pass over the trace; events per second = events / score.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar JsonBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class JsonBenchmark {
    @Param({"1000000"})
    public long events;

    @Param({"INT", "FLOAT"})
    public SampleTrace.Shape shape;

    private Workloads.Trace trace;
    private Path dir;
    private Path written;
    private Path toRead;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        trace = Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED);
        dir = Files.createTempDirectory("tally-bench-");
        written = dir.resolve("written.json");
        toRead = dir.resolve("read.json");
        Workloads.writeJson(trace, toRead);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(written);
        Files.deleteIfExists(toRead);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long writeJson() throws IOException {
        return Workloads.writeJson(trace, written);
    }

    @Benchmark
    public long readJson() throws IOException {
        return Workloads.readJson(toRead);
    }
}
