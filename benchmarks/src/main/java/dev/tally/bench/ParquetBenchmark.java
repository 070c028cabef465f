package dev.tally.bench;

import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
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
 * Parquet through the event API, each codec, and the parquet-avro peer (a GenericRecord per event, metadata as
 * JSON text, ZSTD). Run with {@link JsonBenchmark} for the baseline of the same run:
 * {@code java -jar benchmarks/target/benchmarks.jar "JsonBenchmark|ParquetBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ParquetBenchmark {
    @Param({"1000000"})
    public long events;

    @Param({"INT", "FLOAT"})
    public SampleTrace.Shape shape;

    @Param({"ZSTD", "SNAPPY"})
    public ParquetCodec codec;

    private Workloads.Trace trace;
    private Path dir;
    private Path written;
    private Path toRead;
    private Path peerWritten;
    private Path peerToRead;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        trace = Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED);
        dir = Files.createTempDirectory("tally-bench-");
        written = dir.resolve("written.parquet");
        toRead = dir.resolve("read.parquet");
        peerWritten = dir.resolve("peer-written.parquet");
        peerToRead = dir.resolve("peer-read.parquet");
        Workloads.writeParquet(trace, toRead, codec);
        Workloads.writeParquetAvroPeer(trace, peerToRead);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Path p : new Path[] {written, toRead, peerWritten, peerToRead}) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long writeParquet() throws IOException {
        return Workloads.writeParquet(trace, written, codec);
    }

    @Benchmark
    public long readParquet() throws IOException {
        return Workloads.readParquet(toRead);
    }

    @Benchmark
    public long writeParquetAvroPeer() throws IOException {
        return Workloads.writeParquetAvroPeer(trace, peerWritten);
    }

    @Benchmark
    public long readParquetAvroPeer() throws IOException {
        return Workloads.readParquetAvroPeer(peerToRead);
    }
}
