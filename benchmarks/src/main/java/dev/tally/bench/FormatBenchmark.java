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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Writing and reading the whole sample trace, for every {@link Subject} (ours in each format, form, codec and API,
 * and the peers), at 1M and 10M events, in both timestamp shapes. Each invocation writes (or reads) the whole
 * trace: events per second = events / score. The trace is held in memory, so writes measure the writer alone.
 *
 * <p>Ten warm-up runs: Jackson databind's reads take about nine full reads to settle (from 4.5 s to 0.7 s per 1M
 * events here), and fewer would flatter every ratio against it.
 *
 * <p>Run the whole suite and its table: {@code benchmarks/run-suite} (see benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 5)
// A pre-touched heap: on this VM first touching memory is slow, and a young generation growing into fresh memory
// made some measured runs 3-5x slower than the rest (the 10M-event runs can still grow past 6g).
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx12g", "-XX:+AlwaysPreTouch",
        "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class FormatBenchmark {
    @Param({"1000000", "10000000"})
    public long events;

    @Param({"INT", "FLOAT"})
    public SampleTrace.Shape shape;

    @Param({"JACKSON_JSON", "TALLY_JSON", "ARROW_FILE_NONE", "ARROW_FILE_LZ4", "ARROW_FILE_ZSTD", "ARROW_STREAM_NONE",
            "ARROW_STREAM_LZ4", "ARROW_STREAM_ZSTD", "ARROW_FILE_NONE_FAST", "ARROW_FILE_ZSTD_FAST", "PARQUET_NONE",
            "PARQUET_SNAPPY", "PARQUET_ZSTD", "PARQUET_AVRO", "NAIVE_ARROW_NONE", "NAIVE_ARROW_ZSTD", "DUCKDB"})
    public Subject subject;

    private Subject.Input input;
    private Path dir;
    private Path written;
    private Path toRead;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        setUp();
        if (params.getBenchmark().endsWith(".read")) {
            input = null; // a read should not pay for collecting around a trace held in memory for writes
        }
    }

    /** The trial's set-up without JMH: the trace in memory, and the file to read. */
    void setUp() throws IOException {
        input = Subject.Input.of(Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED), subject);
        dir = Files.createTempDirectory("tally-bench-");
        written = subject.file(dir, "written");
        toRead = subject.file(dir, "read");
        subject.write(input, toRead);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(written);
        Files.deleteIfExists(toRead);
        Files.deleteIfExists(dir);
    }

    /** Deletes the last write's file first: peers refuse or append to an existing one. */
    @Setup(Level.Invocation)
    public void clean() throws IOException {
        Files.deleteIfExists(written);
    }

    @Benchmark
    public long write() throws IOException {
        return subject.write(input, written);
    }

    /** The fast path's files are the generic API's: its read is {@code ARROW_FILE_*}'s, so it returns its size. */
    @Benchmark
    public long read() throws IOException {
        return subject.reads() ? subject.read(toRead) : Files.size(toRead);
    }
}
