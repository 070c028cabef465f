package dev.tally.bench;

import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The short benchmark behind {@code tally bench}: in one process, on one generated sample trace held in memory,
 * write and full-read throughput and bytes per event for this library's formats (generic event API, and the Arrow
 * fast path) and for the peers a user would otherwise pick ({@link Peers}, and parquet-avro in {@link Workloads}).
 * Each case is warmed up on a small trace first, then written and read up to {@code repeats} times; the median
 * counts. A case whose runs have taken {@link #SLOW_CASE_NANOS} stops there (the peers and JSON take seconds per
 * run, and would otherwise make the whole run minutes long), except Jackson's, the baseline of every ratio, which
 * always gets all its runs. JMH ({@code benchmarks.jar}) is the careful measure; this is the quick one for a whole
 * run.
 */
public final class QuickBench {
    /** Events of the untimed warm-up trace. */
    static final int WARM_UP_EVENTS = 50_000;
    /** Timed writes and reads after which a case (other than the baseline) is not run again. */
    static final long SLOW_CASE_NANOS = 2_500_000_000L;

    /** One row: a value not measured is null; {@code runs} is how many timed runs the medians are of. */
    public record Result(String impl, String format, String codec, String api, Double writeEventsPerS,
                         Double readEventsPerS, Double bytesPerEvent, int runs) {
    }

    /** What was measured, on how many events, with which runtime; {@code repeats} is the most runs per case. */
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
        return run(events, repeats, SLOW_CASE_NANOS, dir, progress);
    }

    /** As {@link #run(long, int, Path, Consumer)}, with the time after which a case is not run again. */
    static Report run(long events, int repeats, long slowCaseNanos, Path dir, Consumer<String> progress)
            throws IOException {
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
        for (Subject c : Subject.QUICK) {
            progress.accept(c.impl + " " + c.format + " " + c.codec + " " + c.api);
            Path file = c.file(dir, "quick");
            c.write(Subject.Input.of(warm, c), file);
            if (c.reads()) {
                sink += c.read(file);
            }
            Subject.Input input = Subject.Input.of(trace, c);
            long[] writes = new long[repeats];
            long[] reads = new long[repeats];
            long bytes = 0;
            long spent = 0;
            int runs = 0;
            boolean baseline = c == Subject.JACKSON_JSON;
            while (runs < repeats && (baseline || runs == 0 || spent < slowCaseNanos)) {
                int i = runs++;
                Files.deleteIfExists(file);
                long t0 = System.nanoTime();
                bytes = c.write(input, file);
                writes[i] = System.nanoTime() - t0;
                if (c.reads()) {
                    t0 = System.nanoTime();
                    sink += c.read(file);
                    reads[i] = System.nanoTime() - t0;
                }
                spent += writes[i] + reads[i];
            }
            Files.deleteIfExists(file);
            results.add(new Result(c.impl, c.format, c.codec, c.api, perSecond(events, writes, runs),
                    c.reads() ? perSecond(events, reads, runs) : null, (double) bytes / events, runs));
        }
        if (sink == 42) {
            progress.accept(""); // keeps the reads' results alive
        }
        return new Report(events, repeats, machine(), results);
    }

    private static double perSecond(long events, long[] nanos, int runs) {
        long[] sorted = Arrays.copyOf(nanos, runs);
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        return events / (median / 1e9);
    }
}
