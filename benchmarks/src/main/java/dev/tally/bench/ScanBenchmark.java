package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.EventFilter;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
 * Reads that do not build every event: the timestamps of an Arrow file through its (memory-mapped) vectors, and
 * filtered reads (one event name; a 1% time range) of Parquet, which skip by statistics, against the same filter
 * over a full JSON read. Events per second = events in the file / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ScanBenchmark {
    /** The name the filtered reads keep: about 1.5% of the sample's events. */
    static final String NAME = "stablehlo.reduce";

    @Param({"10000000"})
    public long events;

    private Path dir;
    private Path arrowNone;
    private Path arrowZstd;
    private Path parquet;
    private Path json;
    private EventFilter range;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Workloads.Trace trace = Workloads.materialise(events, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED);
        dir = Files.createTempDirectory("tally-bench-");
        arrowNone = dir.resolve("none.arrow");
        arrowZstd = dir.resolve("zstd.arrow");
        parquet = dir.resolve("t.parquet");
        json = dir.resolve("t.json");
        Workloads.writeArrow(trace, arrowNone, ArrowForm.FILE, ArrowCodec.NONE, Workloads.MetadataLayout.TYPED);
        Workloads.writeArrow(trace, arrowZstd, ArrowForm.FILE, ArrowCodec.ZSTD, Workloads.MetadataLayout.TYPED);
        Workloads.writeParquet(trace, parquet, ParquetCodec.ZSTD);
        Workloads.writeJson(trace, json);
        double first = trace.events().get(0).timestamp().doubleValue();
        double last = trace.events().get(trace.events().size() - 1).timestamp().doubleValue();
        double from = first + (last - first) * 0.5;
        range = EventFilter.timeRange(from, from + (last - first) * 0.01);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Path p : new Path[] {arrowNone, arrowZstd, parquet, json}) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    /** A reader that loads the timestamp column alone, verifying its buffers' checksums. */
    @Benchmark
    public long scanTimestampsArrowNone() throws IOException {
        return Workloads.scanArrowTimestamps(arrowNone);
    }

    /**
     * The same scan in a JVM with Arrow Java's accessor checks off (bounds checks on buffer reads, the null check in
     * {@code get}), as Arrow Java's documentation suggests for hot loops: the scan loop's own cost then shows.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false"})
    public long scanTimestampsArrowNoneUnchecked() throws IOException {
        return Workloads.scanArrowTimestamps(arrowNone);
    }

    /**
     * The same reader, each batch's timestamps read in place ({@code ArrowEventReader.timestamps()}): NIO views of
     * the buffers, whose bounds checks the JIT lifts out of the loop, with Arrow Java's accessor checks on.
     */
    @Benchmark
    public long scanTimestampsArrowNoneInPlace() throws IOException {
        return Workloads.scanArrowTimestampsInPlace(arrowNone);
    }

    /** The same scan without verifying checksums (for files known to be intact). */
    @Benchmark
    public long scanTimestampsArrowNoneUnverified() throws IOException {
        return Workloads.scanArrowTimestamps(arrowNone, false, true);
    }

    /** The same scan through a reader that loads, checks and verifies every column (the default reader). */
    @Benchmark
    public long scanTimestampsArrowNoneAllColumns() throws IOException {
        return Workloads.scanArrowTimestamps(arrowNone, true, false);
    }

    @Benchmark
    public long scanTimestampsArrowZstd() throws IOException {
        return Workloads.scanArrowTimestamps(arrowZstd);
    }

    @Benchmark
    public long filterNameParquet() throws IOException {
        return Workloads.readParquetFiltered(parquet, EventFilter.names(Set.of(NAME)));
    }

    @Benchmark
    public long filterRangeParquet() throws IOException {
        return Workloads.readParquetFiltered(parquet, range);
    }

    @Benchmark
    public long filterNameJson() throws IOException {
        return Workloads.readJsonFiltered(json, EventFilter.names(Set.of(NAME)));
    }

    @Benchmark
    public long filterRangeJson() throws IOException {
        return Workloads.readJsonFiltered(json, range);
    }

    /** For tests: the time-range filter the benchmarks use. */
    EventFilter range() {
        return range;
    }
}
