package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
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
 * Arrow IPC through the event API: the typed metadata layout against the naive one (every metadata value as
 * JSON text in a map), for each codec. Run with {@link JsonBenchmark} in the same invocation to have the baseline
 * of the same run: {@code java -jar benchmarks/target/benchmarks.jar "JsonBenchmark|ArrowBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ArrowBenchmark {
    @Param({"1000000"})
    public long events;

    @Param({"INT", "FLOAT"})
    public SampleTrace.Shape shape;

    @Param({"NONE", "LZ4_FRAME", "ZSTD"})
    public ArrowCodec codec;

    @Param({"TYPED", "NAIVE"})
    public Workloads.MetadataLayout layout;

    private Workloads.Trace trace;
    private Path dir;
    private Path written;
    private Path toRead;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        trace = Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED);
        dir = Files.createTempDirectory("tally-bench-");
        written = dir.resolve("written.arrow");
        toRead = dir.resolve("read.arrow");
        Workloads.writeArrow(trace, toRead, ArrowForm.FILE, codec, layout);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(written);
        Files.deleteIfExists(toRead);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long writeArrow() throws IOException {
        return Workloads.writeArrow(trace, written, ArrowForm.FILE, codec, layout);
    }

    @Benchmark
    public long readArrow() throws IOException {
        return Workloads.readArrow(toRead);
    }
}
