package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH result file ({@code -rf json}) of {@link FormatBenchmark}, {@link ScanBenchmark} and
 * {@link ArrowFastPathBenchmark} into the Markdown tables of benchmarks/README.md: events per second (JMH's median
 * of the single-shot runs), bytes per event (measured here, by writing each subject once), ratios to Jackson in
 * the same run, per-event cost at 10M against 1M, and every target of the issue with its measured figure.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tally.bench.MarkdownTable jmh.json > results.md}
 */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    /** One JMH result: the benchmark method, its parameters, the median time of one operation in milliseconds. */
    record Run(String method, Map<String, String> params, double medianMillis) {
        long events() {
            return Long.parseLong(params.getOrDefault("events", "0"));
        }

        double perSecond() {
            return events() / (medianMillis / 1000);
        }
    }

    static List<Run> parse(Path jmhJson) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(jmhJson.toFile())) {
            String benchmark = n.get("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            if (n.has("params")) {
                n.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode metric = n.get("primaryMetric");
            if (!"ms/op".equals(metric.get("scoreUnit").asText())) {
                throw new IOException(benchmark + ": expected ms/op, found " + metric.get("scoreUnit").asText());
            }
            JsonNode p = metric.get("scorePercentiles");
            double median = p != null && p.has("50.0") ? p.get("50.0").asDouble() : metric.get("score").asDouble();
            runs.add(new Run(method, params, median));
        }
        return runs;
    }

    public static void main(String[] args) throws IOException {
        List<Run> runs = new ArrayList<>();
        long sizeEvents = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--size-events") && i + 1 < args.length) {
                sizeEvents = Long.parseLong(args[++i]);
            } else {
                runs.addAll(parse(Path.of(args[i])));
            }
        }
        if (runs.isEmpty()) {
            System.err.println("usage: MarkdownTable jmh-result.json... [--size-events N]");
            System.exit(2);
        }
        print(runs, sizes(sizeEvents), sizeEvents, System.out);
    }

    /** Bytes per event of every subject, keyed {@code SUBJECT/SHAPE} (repeating values) and {@code SUBJECT/SHAPE/VARYING}. */
    static Map<String, Double> sizes(long events) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        for (SampleTrace.Shape shape : SampleTrace.Shape.values()) {
            SizeReport.sizes(events, shape, SampleTrace.Values.REPEATING).forEach((s, v) -> out.put(s + "/" + shape, v));
        }
        SizeReport.sizes(events, SampleTrace.Shape.INT, SampleTrace.Values.VARYING)
                .forEach((s, v) -> out.put(s + "/INT/VARYING", v));
        return out;
    }

    private static Run find(List<Run> runs, String method, String subject, String shape, long events) {
        for (Run r : runs) {
            if (r.method.equals(method) && r.events() == events
                    && (subject == null || subject.equals(r.params.get("subject")))
                    && (shape == null || shape.equals(r.params.get("shape")))) {
                return r;
            }
        }
        return null;
    }

    static void print(List<Run> runs, Map<String, Double> sizes, long sizeEvents, PrintStream out) {
        out.printf("Machine: %s, %d cores; JMH forks with -Xmx12g (FormatBenchmark), single-shot runs, medians.%n%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
        for (long events : runs.stream().filter(r -> r.method.startsWith("FormatBenchmark.")).map(Run::events)
                .distinct().sorted().toList()) {
            for (String shape : new String[] {"INT", "FLOAT"}) {
                Run baseW = find(runs, "FormatBenchmark.write", "JACKSON_JSON", shape, events);
                Run baseR = find(runs, "FormatBenchmark.read", "JACKSON_JSON", shape, events);
                if (baseW == null) {
                    continue;
                }
                out.printf("### %,d events, %s timestamps%n%n", events, shape.toLowerCase(Locale.ROOT));
                out.println("| impl | format | codec | api | write, events/s | read, events/s | bytes/event"
                        + " | write vs Jackson | read vs Jackson |");
                out.println("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
                for (Subject s : Subject.values()) {
                    Run w = find(runs, "FormatBenchmark.write", s.name(), shape, events);
                    Run r = s.reads() ? find(runs, "FormatBenchmark.read", s.name(), shape, events) : null;
                    if (w == null) {
                        continue;
                    }
                    Double size = sizes.get(s + "/" + shape);
                    out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.impl, s.format, s.codec, s.api,
                            rate(w.perSecond()), r == null ? "-" : rate(r.perSecond()),
                            size == null ? "-" : String.format("%.1f", size),
                            String.format("%.2fx", w.perSecond() / baseW.perSecond()),
                            r == null || baseR == null ? "-" : String.format("%.2fx", r.perSecond() / baseR.perSecond()));
                }
                out.println();
            }
        }
        out.printf("Bytes per event measured on %,d events.%n%n", sizeEvents);
        targets(runs, sizes, out);
    }

    private static String rate(double perSecond) {
        return perSecond >= 1e6 ? String.format("%.2f M", perSecond / 1e6) : String.format("%.0f K", perSecond / 1e3);
    }

    private static void targets(List<Run> runs, Map<String, Double> sizes, PrintStream out) {
        long m = 1_000_000;
        out.println("### Targets (1M events, int timestamps, ratios in the same run)");
        out.println();
        out.println("| target | measured | met |");
        out.println("| --- | ---: | --- |");
        ratio(out, "Arrow IPC uncompressed write (generic) >= 10x Jackson", runs, "write", "ARROW_FILE_NONE", "JACKSON_JSON", m, 10);
        ratio(out, "Parquet ZSTD write >= 5x Jackson", runs, "write", "PARQUET_ZSTD", "JACKSON_JSON", m, 5);
        ratio(out, "Parquet ZSTD write >= 10x parquet-avro", runs, "write", "PARQUET_ZSTD", "PARQUET_AVRO", m, 10);
        ratio(out, "Parquet ZSTD full read >= 5x Jackson", runs, "read", "PARQUET_ZSTD", "JACKSON_JSON", m, 5);
        Run fast = null;
        for (Run r : runs) {
            if (r.method.equals("ArrowFastPathBenchmark.writeFastPath") && (fast == null || r.perSecond() > fast.perSecond())) {
                fast = r;
            }
        }
        if (fast != null) {
            row(out, "Fast path, no metadata, into Arrow IPC >= 30 M events/s (best codec: " + fast.params.get("codec") + ")",
                    rate(fast.perSecond()) + "/s", fast.perSecond() >= 30e6);
        }
        for (String[] variant : new String[][] {{"scanTimestampsArrowNone", " (union vector's get)"},
                {"scanTimestampsArrowNoneInPlace", " (timestamps read in place)"},
                {"scanTimestampsArrowNoneUnchecked", " (union vector's get, Arrow Java's accessor checks off)"}}) {
            Run scan = null;
            for (Run r : runs) {
                if (r.method.equals("ScanBenchmark." + variant[0])) {
                    scan = r;
                }
            }
            if (scan != null) {
                row(out, "Timestamp scan of a mapped Arrow file >= 100 M events/s" + variant[1],
                        rate(scan.perSecond()) + "/s", scan.perSecond() >= 100e6);
            }
        }
        for (String values : new String[] {"", "/VARYING"}) {
            String tag = values.isEmpty() ? "" : " (metadata values varying per event)";
            size(out, "Parquet ZSTD <= half of parquet-avro's bytes/event" + tag, sizes, "PARQUET_ZSTD", "PARQUET_AVRO", values);
            size(out, "Parquet ZSTD <= half of DuckDB's bytes/event" + tag, sizes, "PARQUET_ZSTD", "DUCKDB", values);
            size(out, "Arrow IPC ZSTD <= half of naive Arrow ZSTD's bytes/event" + tag, sizes, "ARROW_FILE_ZSTD",
                    "NAIVE_ARROW_ZSTD", values);
        }
        for (Subject s : new Subject[] {Subject.ARROW_FILE_NONE, Subject.PARQUET_ZSTD, Subject.TALLY_JSON}) {
            Run one = find(runs, "FormatBenchmark.write", s.name(), "INT", m);
            Run ten = find(runs, "FormatBenchmark.write", s.name(), "INT", 10 * m);
            if (one != null && ten != null) {
                double growth = (ten.medianMillis / ten.events()) / (one.medianMillis / one.events()) - 1;
                row(out, "Linear: " + s + " per-event write time at 10M within 15% of 1M",
                        String.format("%+.0f%%", growth * 100), growth <= 0.15);
            }
        }
        out.println();
    }

    private static void ratio(PrintStream out, String what, List<Run> runs, String method, String subject, String base,
                              long events, double goal) {
        Run a = find(runs, "FormatBenchmark." + method, subject, "INT", events);
        Run b = find(runs, "FormatBenchmark." + method, base, "INT", events);
        if (a != null && b != null) {
            double x = a.perSecond() / b.perSecond();
            row(out, what, String.format("%.2fx", x), x >= goal);
        }
    }

    private static void size(PrintStream out, String what, Map<String, Double> sizes, String subject, String base,
                             String values) {
        Double a = sizes.get(subject + "/INT" + values);
        Double b = sizes.get(base + "/INT" + values);
        if (a != null && b != null) {
            row(out, what, String.format("%.1f vs %.1f (%.2fx)", a, b, a / b), a <= b / 2);
        }
    }

    private static void row(PrintStream out, String what, String measured, boolean met) {
        out.printf("| %s | %s | %s |%n", what, measured, met ? "yes" : "**no**");
    }
}
