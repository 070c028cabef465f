package dev.tally.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.bench.QuickBench;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tally bench}: the short benchmark, ours against the peers on one generated trace, in one process
 * ({@link QuickBench}). A table for people, or one JSON object with {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure write and read throughput and bytes per event of every format, ours and the peers'"
                + " (Jackson, parquet-avro, naive Arrow, DuckDB), on one generated sample trace.",
        footer = {"", "Examples:", "  tally bench", "  tally bench --events 2000000 --json", "",
                "Below about 1,000,000 events, fixed costs (threads, files, syncing them) make the columnar formats"
                        + " look slower than they are."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", paramLabel = "N",
            description = "Events in the trace (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "K",
            description = "Most timed runs per case; the median counts. A case whose runs took 2.5 s stops there,"
                    + " except Jackson's, the baseline (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the files (default: a temporary one).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new CliException("--events must be positive, not " + events);
        }
        if (repeats < 1) {
            throw new CliException("--repeats must be positive, not " + repeats);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tally-bench-");
        QuickBench.Report report;
        try {
            report = QuickBench.run(events, repeats, work, what -> {
                if (!what.isEmpty()) {
                    err.println("measuring " + what + " ...");
                    err.flush();
                }
            });
        } finally {
            if (dir == null) {
                DemoCommand.deleteTree(work);
            }
        }
        if (json) {
            printJson(report, out);
        } else {
            printTable(report, out);
        }
        return 0;
    }

    private static void printTable(QuickBench.Report report, PrintWriter out) {
        out.printf("tally bench: %,d sample events, median of up to %d runs; %s%n%n", report.events(),
                report.repeats(), report.machine());
        QuickBench.Result base = report.find("jackson", "json", "none", "generic");
        Table t = new Table("impl", "format", "codec", "api", ">write rate", ">read rate", ">bytes/event",
                ">write vs Jackson", ">read vs Jackson", ">runs");
        for (QuickBench.Result r : report.results()) {
            t.row(r.impl(), r.format(), r.codec(), r.api(),
                    r.writeEventsPerS() == null ? "-" : Table.rate(r.writeEventsPerS()),
                    r.readEventsPerS() == null ? "-" : Table.rate(r.readEventsPerS()),
                    String.format("%.1f", r.bytesPerEvent()),
                    ratio(r.writeEventsPerS(), base.writeEventsPerS()), ratio(r.readEventsPerS(), base.readEventsPerS()),
                    Integer.toString(r.runs()));
        }
        t.print(out);
        out.println();
        out.println("Ratios are throughput over Jackson's in the same run (higher is faster). A case whose runs took"
                + " seconds is run fewer times. JMH gives careful figures: see benchmarks/README.md.");
        out.flush();
    }

    private static String ratio(Double value, Double base) {
        return value == null || base == null ? "-" : String.format("%.2fx", value / base);
    }

    private static void printJson(QuickBench.Report report, PrintWriter out) throws java.io.IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("events", report.events());
            g.writeNumberField("repeats", report.repeats());
            g.writeStringField("machine", report.machine());
            g.writeArrayFieldStart("results");
            for (QuickBench.Result r : report.results()) {
                g.writeStartObject();
                g.writeStringField("impl", r.impl());
                g.writeStringField("format", r.format());
                g.writeStringField("codec", r.codec());
                g.writeStringField("api", r.api());
                number(g, "write_events_per_s", r.writeEventsPerS());
                number(g, "read_events_per_s", r.readEventsPerS());
                number(g, "bytes_per_event", r.bytesPerEvent());
                g.writeNumberField("runs", r.runs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    private static void number(JsonGenerator g, String name, Double value) throws java.io.IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
