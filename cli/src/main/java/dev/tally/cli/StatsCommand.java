package dev.tally.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally stats}: counts and time ranges per event name and unit, and the metadata keys' kinds. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Summarise a trace: per event name the count, first and last timestamp and unit; the time range "
                + "per unit; the metadata keys with the kinds of their values.",
        footer = {"", "Examples:", "  tally stats trace.parquet", "  tally stats trace.json --json | jq '.names[0]'",
                "  tally stats trace.arrow --name npu0.mac_ops --from 0 --to 1e6"})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Event names listed in the table, busiest first (default: ${DEFAULT-VALUE}; --json lists all).")
    int top;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (top < 0) {
            throw new CliException("--top must be at least 0, not " + top);
        }
        Input input = source.open();
        TraceSummary s = new TraceSummary();
        try (EventReader in = input.open(filterOptions.filter());
             Progress progress = progressOptions.start(spec, "reading", Progress.totalEvents(input, filterOptions.filter()))) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                s.add(e);
                progress.step();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, input, s);
        } else {
            printTables(out, input, s);
        }
        return 0;
    }

    private void printTables(PrintWriter out, Input input, TraceSummary s) {
        out.printf("%s (%s): %,d events, %,d event names%n", input.file(), input.format().id(), s.events(),
                s.distinctNames());
        if (s.events() == 0) {
            out.flush();
            return;
        }
        out.println();
        Table units = new Table("time unit", ">events", ">first", ">last");
        s.unitSpans().forEach((u, span) -> units.row(u.isEmpty() ? "(none)" : u, String.format("%,d", span.events),
                TraceSummary.shown(span.first), TraceSummary.shown(span.last)));
        units.print(out);
        out.println();
        Table names = new Table("event name", ">events", ">first", ">last", "unit");
        Map<String, TraceSummary.Span> busiest = s.busiest(top);
        busiest.forEach((n, span) -> names.row(n, String.format("%,d", span.events), TraceSummary.shown(span.first),
                TraceSummary.shown(span.last), String.join(", ", span.units.keySet())));
        names.print(out);
        if (busiest.size() < s.distinctNames()) {
            out.printf("(%,d more names; --top N lists more, --json all)%n", s.distinctNames() - busiest.size());
        }
        out.println();
        Table keys = new Table("metadata key", ">events", "kinds");
        s.keys().forEach((k, kinds) -> {
            StringBuilder b = new StringBuilder();
            kinds.kinds.forEach((kind, n) -> b.append(b.length() == 0 ? "" : ", ").append(kind)
                    .append(kinds.kinds.size() > 1 ? String.format(" (%,d)", n) : ""));
            keys.row(k, String.format("%,d", kinds.events), b);
        });
        keys.print(out);
        out.flush();
    }

    private static void printJson(PrintWriter out, Input input, TraceSummary s) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("file", input.file().toString());
            g.writeStringField("format", input.format().id());
            g.writeNumberField("events", s.events());
            g.writeArrayFieldStart("units");
            for (Map.Entry<String, TraceSummary.Span> u : s.unitSpans().entrySet()) {
                g.writeStartObject();
                g.writeStringField("unit", u.getKey());
                g.writeNumberField("events", u.getValue().events);
                TraceSummary.timestamp(g, "first", u.getValue().first);
                TraceSummary.timestamp(g, "last", u.getValue().last);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("names");
            for (Map.Entry<String, TraceSummary.Span> n : s.busiest(Integer.MAX_VALUE).entrySet()) {
                g.writeStartObject();
                g.writeStringField("name", n.getKey());
                g.writeNumberField("events", n.getValue().events);
                TraceSummary.timestamp(g, "first", n.getValue().first);
                TraceSummary.timestamp(g, "last", n.getValue().last);
                g.writeObjectFieldStart("units");
                for (Map.Entry<String, Long> u : n.getValue().units.entrySet()) {
                    g.writeNumberField(u.getKey(), u.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("metadata_keys");
            for (Map.Entry<String, TraceSummary.KeyKinds> k : s.keys().entrySet()) {
                g.writeStartObject();
                g.writeStringField("key", k.getKey());
                g.writeNumberField("events", k.getValue().events);
                g.writeObjectFieldStart("kinds");
                for (Map.Entry<String, Long> kind : k.getValue().kinds.entrySet()) {
                    g.writeNumberField(kind.getKey(), kind.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }
}
