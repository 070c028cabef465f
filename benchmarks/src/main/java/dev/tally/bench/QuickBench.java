package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The short benchmark behind {@code tally bench}: in one process, on one generated sample trace held in memory,
 * write and full-read throughput and bytes per event for this library's formats (generic event API, and the Arrow
 * fast path) and for the peers a user would otherwise pick ({@link Peers}, and parquet-avro in {@link Workloads}).
 * Each case is warmed up on a small trace first, then written and read {@code repeats} times; the median counts.
 * JMH ({@code benchmarks.jar}) is the careful measure; this is the quick one for a whole run.
 */
public final class QuickBench {
    /** Events of the untimed warm-up trace. */
    static final int WARM_UP_EVENTS = 50_000;

    /** One row: a value not measured is null. */
    public record Result(String impl, String format, String codec, String api, Double writeEventsPerS,
                         Double readEventsPerS, Double bytesPerEvent) {
    }

    /** What was measured, on how many events, with which runtime. */
    public record Report(long events, int repeats, String machine, List<Result> results) {
        /** The row of {@code impl}/{@code format}/{@code codec}/{@code api}, or null. */
        public Result find(String impl, String format, String codec, String api) {
            for (Result r : results) {
                if (r.impl.equals(impl) && r.format.equals(format) && r.codec.equals(codec) && r.api.equals(api)) {
                    return r;
                }
            }
            return null;
        }
    }

    private interface Write {
        long run(Workloads.Trace trace, Inputs inputs, Path file) throws IOException;
    }

    private interface Read {
        long run(Path file) throws IOException;
    }

    /** What some writers take besides the events: the maps a Jackson user holds, the fast path's ids. */
    private record Inputs(List<Map<String, Object>> maps, Workloads.FastInput fast) {
        static Inputs of(Workloads.Trace trace, boolean maps, boolean fast) {
            return new Inputs(maps ? Peers.asMaps(trace) : null, fast ? Workloads.FastInput.of(trace) : null);
        }
    }

    private record Case(String impl, String format, String codec, String api, String suffix, Write write, Read read) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case("jackson", "json", "none", "generic", ".json",
                        (t, in, f) -> Peers.writeJackson(t, in.maps(), f), Peers::readJackson),
                new Case("tally", "json", "none", "generic", ".json",
                        (t, in, f) -> Workloads.writeJson(t, f), Workloads::readJson),
                new Case("tally", "arrow", "none", "generic", ".arrow",
                        (t, in, f) -> Workloads.writeArrow(t, f, ArrowForm.FILE, ArrowCodec.NONE, Workloads.MetadataLayout.TYPED),
                        Workloads::readArrow),
                new Case("tally", "arrow", "zstd", "generic", ".arrow",
                        (t, in, f) -> Workloads.writeArrow(t, f, ArrowForm.FILE, ArrowCodec.ZSTD, Workloads.MetadataLayout.TYPED),
                        Workloads::readArrow),
                new Case("tally", "arrow", "none", "fast", ".arrow",
                        (t, in, f) -> Workloads.writeArrowFast(in.fast(), t, f, ArrowForm.FILE, ArrowCodec.NONE), null),
                new Case("tally", "parquet", "zstd", "generic", ".parquet",
                        (t, in, f) -> Workloads.writeParquet(t, f, ParquetCodec.ZSTD), Workloads::readParquet),
                new Case("tally", "parquet", "snappy", "generic", ".parquet",
                        (t, in, f) -> Workloads.writeParquet(t, f, ParquetCodec.SNAPPY), Workloads::readParquet),
                new Case("parquet-avro", "parquet", "zstd", "generic", ".parquet",
                        (t, in, f) -> Workloads.writeParquetAvroPeer(t, f), Workloads::readParquetAvroPeer),
                new Case("naive-arrow", "arrow", "none", "generic", ".arrow",
                        (t, in, f) -> Peers.writeNaiveArrow(t, f, false), Peers::readNaiveArrow),
                new Case("naive-arrow", "arrow", "zstd", "generic", ".arrow",
                        (t, in, f) -> Peers.writeNaiveArrow(t, f, true), Peers::readNaiveArrow),
                new Case("duckdb", "parquet", "zstd", "generic", ".parquet",
                        (t, in, f) -> Peers.writeDuckDb(t, f), Peers::readDuckDb));
    }

    private QuickBench() {
    }

    /** The machine and runtime, for the report. */
    public static String machine() {
        Runtime rt = Runtime.getRuntime();
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + rt.availableProcessors() + " cores, max heap " + (rt.maxMemory() >> 20) + " MiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** Measures every case on a sample trace of {@code events} events, in files under {@code dir}. */
    public static Report run(long events, int repeats, Path dir, Consumer<String> progress) throws IOException {
        if (events < 1 || events > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("events must be 1 to " + (Integer.MAX_VALUE - 8) + ", not " + events);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive, not " + repeats);
        }
        Files.createDirectories(dir);
        Workloads.Trace warm = Workloads.materialise(Math.min(events, WARM_UP_EVENTS), SampleTrace.Shape.INT,
                SampleTrace.DEFAULT_SEED);
        Workloads.Trace trace = Workloads.materialise(events, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED);
        List<Result> results = new ArrayList<>();
        long sink = 0;
        for (Case c : cases()) {
            progress.accept(c.impl + " " + c.format + " " + c.codec + " " + c.api);
            Path file = dir.resolve(c.impl + "-" + c.codec + "-" + c.api + c.suffix);
            boolean maps = c.impl.equals("jackson");
            boolean fast = c.api.equals("fast");
            Inputs warmInputs = Inputs.of(warm, maps, fast);
            c.write.run(warm, warmInputs, file);
            if (c.read != null) {
                sink += c.read.run(file);
            }
            Inputs inputs = Inputs.of(trace, maps, fast);
            long[] writes = new long[repeats];
            long[] reads = new long[repeats];
            long bytes = 0;
            for (int i = 0; i < repeats; i++) {
                Files.deleteIfExists(file);
                long t0 = System.nanoTime();
                bytes = c.write.run(trace, inputs, file);
                writes[i] = System.nanoTime() - t0;
                if (c.read != null) {
                    t0 = System.nanoTime();
                    sink += c.read.run(file);
                    reads[i] = System.nanoTime() - t0;
                }
            }
            Files.deleteIfExists(file);
            results.add(new Result(c.impl, c.format, c.codec, c.api, perSecond(events, writes),
                    c.read == null ? null : perSecond(events, reads), (double) bytes / events));
        }
        if (sink == 42) {
            progress.accept(""); // keeps the reads' results alive
        }
        return new Report(events, repeats, machine(), results);
    }

    private static double perSecond(long events, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        return events / (median / 1e9);
    }
}
