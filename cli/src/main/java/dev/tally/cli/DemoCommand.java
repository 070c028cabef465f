package dev.tally.cli;

import dev.tally.arrow.ArrowEventWriter;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tally demo}, the main job: generate the sample trace, write it in every format, read each file back,
 * check every event, and print sizes, times and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample trace, write it in every format, read it back, and print sizes and times.",
        footer = {"", "Example:", "  tally demo --events 200000 --dir demo-out"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", paramLabel = "N",
            description = "Number of events (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--shape", defaultValue = "int", converter = ShapeOption.class, paramLabel = "int|float",
            description = "Timestamp shape (default: ${DEFAULT-VALUE}).")
    SampleTrace.Shape shape;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the files in DIR (default: a temporary folder, deleted afterwards).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SampleTrace trace = SampleTrace.of(events, shape, seed);
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tally-demo-");
        try {
            out.printf("tally demo: %,d sample events (shape %s, seed %d) in %s%n%n", events,
                    shape.name().toLowerCase(java.util.Locale.ROOT), seed, work);
            Table table = new Table("format", "file", ">size", ">bytes/event", ">write s", ">write rate", ">read s",
                    ">read rate", "check");
            warmUp(work, shape, seed);
            TraceSummary summary = null;
            for (Variant v : VARIANTS) {
                Format f = v.format();
                Path file = work.resolve("sample" + v.suffix() + f.extension());
                long t0 = System.nanoTime();
                Transfer.copy(trace::reader, file, f, true, v.options());
                double writeSeconds = (System.nanoTime() - t0) / 1e9;
                long size = Files.size(file);
                t0 = System.nanoTime();
                TraceSummary s = readAndCheck(f, file, trace);
                double readSeconds = (System.nanoTime() - t0) / 1e9;
                summary = s;
                table.row(v.label(), file.getFileName(), Table.bytes(size),
                        events == 0 ? "-" : String.format("%.1f", size / (double) events),
                        String.format("%.2f", writeSeconds), Table.rate(events / writeSeconds),
                        String.format("%.2f", readSeconds), Table.rate(events / readSeconds), "all events equal");
            }
            table.print(out);
            out.println();
            printSummary(out, summary);
        } finally {
            if (dir == null) {
                deleteTree(work);
            }
        }
        return 0;
    }

    /** One way of storing the trace that the demo measures. */
    private record Variant(Format format, String codec) {
        WriteOptions options() {
            return new WriteOptions(codec, null, null);
        }

        String label() {
            return codec == null ? format.id() : format.id() + " " + codec;
        }

        String suffix() {
            return codec == null ? "" : "-" + codec;
        }
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant(Format.JSON, null),
            new Variant(Format.ARROW, "none"),
            new Variant(Format.ARROW, "lz4"),
            new Variant(Format.ARROW, "zstd"),
            new Variant(Format.ARROW_STREAM, "zstd"),
            new Variant(Format.PARQUET, "snappy"),
            new Variant(Format.PARQUET, "zstd"));

    /** Events in the untimed pass that loads and compiles each format's code before the timed one. */
    private static final long WARM_UP_EVENTS = 50_000;

    /**
     * Writes and reads a small trace in every variant, untimed, so that the first rows of the table do not pay
     * for class loading and JIT compilation that the later ones get for free.
     */
    private static void warmUp(Path work, SampleTrace.Shape shape, long seed) throws IOException {
        SampleTrace small = SampleTrace.of(WARM_UP_EVENTS, shape, seed);
        for (Variant v : VARIANTS) {
            Path file = work.resolve("warm-up" + v.suffix() + v.format().extension());
            Transfer.copy(small::reader, file, v.format(), true, v.options());
            readAndCheck(v.format(), file, small);
            Files.delete(file);
        }
    }

    /** Reads the file back, checks it event by event against the regenerated trace, and summarises it. */
    private static TraceSummary readAndCheck(Format f, Path file, SampleTrace trace) throws IOException {
        TraceSummary s = new TraceSummary();
        try (EventReader r = new Input(file, f, null).open(); EventReader expected = trace.reader()) {
            if (!r.header().equals(expected.header())) {
                throw new CliException(file + ": the header read back differs from the one written");
            }
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                CounterEvent want = expected.next();
                if (!e.equals(want)) {
                    throw new CliException(file + ": event " + s.events() + " read back as " + e + ", written as " + want);
                }
                s.add(e);
            }
            if (expected.next() != null) {
                throw new CliException(file + ": only " + s.events() + " events read back");
            }
        }
        return s;
    }

    private static void printSummary(PrintWriter out, TraceSummary s) {
        out.printf("events:        %,d%n", s.events());
        out.printf("event names:   %,d distinct; busiest: %s%n", s.distinctNames(), describeTop(s.topNames(3)));
        out.printf("time units:    %s%n", s.perUnit());
        out.printf("time range:    %s%n", s.timeRange());
        out.printf("metadata keys: %s%n", String.join(", ", s.metadataKeys()));
        out.flush();
    }

    private static String describeTop(Map<String, Long> top) {
        StringBuilder b = new StringBuilder();
        top.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" (").append(String.format("%,d", v)).append(')'));
        return b.toString();
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
