package dev.tally.bench;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetEventWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Where a generic write's time goes, beside JMH: the floors no writer of the event API can go below on this machine
 * (walking the events' objects; writing and syncing the bytes of an uncompressed Arrow file), and the Parquet
 * writer's phases. Medians of {@code repeats} runs after as many warm-ups. Diagnostic figures for
 * benchmarks/README.md, not a benchmark: the phases are timed with {@link System#nanoTime} around whole phases.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.tally.bench.WriteFloor [events] [repeats]}
 */
public final class WriteFloor {
    private WriteFloor() {
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Workloads.Trace trace = Workloads.materialise(events, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED);
        Path file = Files.createTempFile("tally-floor-", ".bin");
        try {
            System.out.printf("walk the events' objects: %.1f ms%n", median(repeats, () -> walk(trace)));
            long arrowBytes = Math.round(58.1 * events); // the uncompressed Arrow file's size (SizeReport)
            System.out.printf("write %d MB: %.1f ms; with force: %.1f ms%n", arrowBytes >> 20,
                    median(repeats, () -> writeBytes(file, arrowBytes, false)),
                    median(repeats, () -> writeBytes(file, arrowBytes, true)));
            double[][] phases = new double[4][repeats];
            for (int r = -repeats; r < repeats; r++) {
                long[] t = parquetPhases(trace, file);
                for (int p = 0; p < 4 && r >= 0; p++) {
                    phases[p][r] = (t[p + 1] - t[p]) / 1e6;
                }
            }
            String[] names = {"open", "first " + ParquetEventWriter.PLAN_SAMPLE + " events", "the rest", "close"};
            for (int p = 0; p < 4; p++) {
                System.out.printf("Parquet ZSTD write, %s: %.1f ms%n", names[p], median(phases[p]));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private interface Run {
        long run() throws IOException;
    }

    private static double median(int repeats, Run run) throws IOException {
        double[] ms = new double[repeats];
        long sink = 0;
        for (int r = -repeats; r < repeats; r++) {
            long t0 = System.nanoTime();
            sink += run.run();
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the result alive
        }
        return median(ms);
    }

    private static double median(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Touches what every writer reads of each event, and nothing else. */
    private static long walk(Workloads.Trace trace) {
        long sum = 0;
        for (CounterEvent e : trace.events()) {
            sum += e.eventName().hashCode() + e.timeUnit().length() + (long) e.timestamp().doubleValue();
            for (Map.Entry<String, JsonValue> m : e.metadata().entrySet()) {
                sum += m.getKey().length();
                JsonValue v = m.getValue();
                if (v instanceof JsonValue.IntValue i) {
                    sum += i.value();
                } else if (v instanceof JsonValue.FloatValue f) {
                    sum += (long) f.value();
                } else if (v instanceof JsonValue.StringValue s) {
                    sum += s.value().length();
                }
            }
        }
        return sum;
    }

    private static long writeBytes(Path file, long bytes, boolean force) throws IOException {
        ByteBuffer mb = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = bytes; left > 0; left -= mb.capacity()) {
                mb.clear().limit((int) Math.min(mb.capacity(), left));
                while (mb.hasRemaining()) {
                    ch.write(mb);
                }
            }
            if (force) {
                ch.force(true);
            }
            return ch.size();
        }
    }

    private static long[] parquetPhases(Workloads.Trace trace, Path file) throws IOException {
        long[] t = new long[5];
        t[0] = System.nanoTime();
        ParquetEventWriter w = ParquetEventWriter.builder().codec(ParquetCodec.ZSTD).replaceExisting(true)
                .open(file, trace.header());
        t[1] = System.nanoTime();
        int i = 0;
        t[2] = t[1];
        for (CounterEvent e : trace.events()) {
            w.write(e);
            if (++i == ParquetEventWriter.PLAN_SAMPLE) {
                t[2] = System.nanoTime();
            }
        }
        t[3] = System.nanoTime();
        w.close();
        t[4] = System.nanoTime();
        return t;
    }
}
