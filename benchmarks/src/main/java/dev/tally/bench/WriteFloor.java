package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetEventWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where a generic write's time goes, beside JMH: the floors no writer of the event API can go below on this machine
 * (walking the events' objects; writing and syncing the bytes of an uncompressed Arrow file), the uncompressed Arrow
 * write taken apart against Jackson's in alternating rounds, and the Parquet writer's phases. Medians of
 * {@code repeats} runs after as many warm-ups. Diagnostic figures for benchmarks/README.md, not a benchmark: the
 * phases are timed with {@link System#nanoTime} around whole phases.
 *
 * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.tally.bench.WriteFloor [events] [repeats]}; files go to {@code java.io.tmpdir}.
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
            arrowSplit(trace, file, repeats);
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

    /**
     * The uncompressed Arrow file write of the sample against Jackson's, and the same write without the parts it
     * is made of: the same events without metadata, the fast path (ids and primitive timestamps, no metadata), and
     * walking the events with and without their metadata entries. One round runs each case once, in turn, so that
     * the machine's drift reaches all of them alike; medians of the rounds after the warm-up.
     */
    private static void arrowSplit(Workloads.Trace trace, Path file, int repeats) throws IOException {
        List<CounterEvent> bare = new ArrayList<>(trace.events().size());
        for (CounterEvent e : trace.events()) {
            bare.add(new CounterEvent(e.eventName(), e.timestamp(), e.timeUnit(), Map.of()));
        }
        Workloads.Trace withoutMetadata = new Workloads.Trace(trace.header(), bare);
        List<Map<String, Object>> maps = Peers.asMaps(trace);
        String[] names = {"Jackson databind, the sample", "Arrow uncompressed, the sample",
                "Arrow uncompressed, the same events without metadata",
                "Arrow fast path (ids, primitive timestamps), no metadata", "walking the events and their metadata",
                "walking the events, not their metadata"};
        Run[] cases = {
            () -> Peers.writeJackson(trace, maps, file),
            () -> Workloads.writeArrow(trace, file, ArrowForm.FILE, ArrowCodec.NONE, Workloads.MetadataLayout.TYPED),
            () -> Workloads.writeArrow(withoutMetadata, file, ArrowForm.FILE, ArrowCodec.NONE,
                    Workloads.MetadataLayout.TYPED),
            () -> Workloads.writeArrowFastPath(file, trace.events().size(), 200, ArrowForm.FILE, ArrowCodec.NONE),
            () -> walk(trace),
            () -> walkEvents(trace),
        };
        double[][] ms = new double[cases.length][repeats];
        long sink = 0;
        for (int r = -repeats; r < repeats; r++) {
            for (int c = 0; c < cases.length; c++) {
                Files.deleteIfExists(file); // Jackson's peer refuses an existing file
                long t0 = System.nanoTime();
                sink += cases[c].run();
                if (r >= 0) {
                    ms[c][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double jackson = median(ms[0]);
        for (int c = 0; c < cases.length; c++) {
            double m = median(ms[c]);
            System.out.printf("%s: %.1f ms (Jackson / this: %.2f)%n", names[c], m, jackson / m);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
    }

    /** Touches what every writer reads of each event but its metadata entries. */
    private static long walkEvents(Workloads.Trace trace) {
        long sum = 0;
        for (CounterEvent e : trace.events()) {
            sum += e.eventName().hashCode() + e.timeUnit().length() + (long) e.timestamp().doubleValue()
                    + e.metadata().size();
        }
        return sum;
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

    /** Touches what every writer reads of each event, and nothing else, the way the writers visit metadata. */
    private static long walk(Workloads.Trace trace) {
        long sum = 0;
        for (CounterEvent e : trace.events()) {
            sum += e.eventName().hashCode() + e.timeUnit().length() + (long) e.timestamp().doubleValue();
            Map<String, JsonValue> metadata = e.metadata();
            for (int i = 0, n = Members.size(metadata); i < n; i++) {
                sum += Members.key(metadata, i).length();
                JsonValue v = Members.value(metadata, i);
                if (v instanceof JsonValue.IntValue iv) {
                    sum += iv.value();
                } else if (v instanceof JsonValue.FloatValue f) {
                    sum += (long) f.value();
                } else if (v instanceof JsonValue.StringValue str) {
                    sum += str.value().length();
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
