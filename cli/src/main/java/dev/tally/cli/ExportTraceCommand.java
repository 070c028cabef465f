package dev.tally.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tally export-trace}: the events as Chrome trace event format counter events ({@code "ph": "C"}), which the
 * Perfetto UI and chrome://tracing open. Each event becomes a sample of the counter track named after it, its
 * numeric metadata the series plotted (or a count of 1 when it has none).
 */
@Command(name = "export-trace", mixinStandardHelpOptions = true,
        description = "Write the events as a Chrome trace (JSON, counter events \"ph\": \"C\") for the Perfetto UI "
                + "(ui.perfetto.dev) or chrome://tracing. Numeric metadata become the plotted series; other metadata "
                + "is left out. Timestamps in s, ms, us or ns become microseconds; other units (cycles, abstract "
                + "time) are taken as microseconds unless --us-per-unit says how long one is.",
        footer = {"", "Examples:", "  tally export-trace trace.parquet -o trace.json",
                "  tally export-trace trace.arrow -o trace.json --us-per-unit 0.001 --name npu0.mac_ops"})
final class ExportTraceCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The Chrome trace to write.")
    Path output;


    @Option(names = "--us-per-unit", paramLabel = "X",
            description = "Microseconds per time unit for units other than s, ms, us and ns (default: 1).")
    Double usPerUnit;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (usPerUnit != null && !(usPerUnit > 0 && Double.isFinite(usPerUnit))) {
            throw new CliException("--us-per-unit must be a positive number, not " + usPerUnit);
        }
        Input input = source.open();
        Transfer.refuseExisting(output, force); // before reading anything
        long n;
        try (Progress p = progressOptions.start(spec, "exporting", Progress.totalEvents(input, filterOptions.filter()));
             EventReader in = p.track(input.open(filterOptions.filter()))) {
            n = Transfer.writeFile(output, force, stream -> write(in, stream));
        }
        spec.commandLine().getOut().printf("wrote %,d counter events to %s: open it in https://ui.perfetto.dev"
                + " or chrome://tracing%n", n, output);
        return 0;
    }

    private long write(EventReader in, OutputStream stream) throws IOException {
        long n = 0;
        try (JsonGenerator g = new JsonFactory().createGenerator(stream)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("source", source.file.getFileName().toString());
            g.writeStringField("stream_version", in.header().version());
            g.writeEndObject();
            g.writeArrayFieldStart("traceEvents");
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                g.writeStartObject();
                g.writeStringField("name", e.eventName());
                g.writeStringField("ph", "C");
                g.writeFieldName("ts");
                writeNumber(g, micros(e));
                g.writeNumberField("pid", 1);
                g.writeObjectFieldStart("args");
                boolean any = false;
                Map<String, JsonValue> m = e.metadata();
                for (int i = 0, size = Members.size(m); i < size; i++) {
                    double v = number(Members.value(m, i));
                    if (!Double.isNaN(v)) {
                        g.writeFieldName(Members.key(m, i));
                        writeNumber(g, v);
                        any = true;
                    }
                }
                if (!any) {
                    g.writeNumberField("count", 1);
                }
                g.writeEndObject();
                g.writeEndObject();
                n++;
                if ((n & 0xffff) == 0) {
                    g.writeRaw('\n'); // keep lines short enough for editors and line-based tools
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return n;
    }

    /** Integral values as integers (shorter, and as people wrote them), others as doubles. */
    private static void writeNumber(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    /** The event's time in microseconds. */
    private double micros(CounterEvent e) {
        double t = e.timestamp().doubleValue();
        double scale = switch (e.timeUnit().toLowerCase(Locale.ROOT)) {
            case "s", "sec", "seconds" -> 1e6;
            case "ms", "milliseconds" -> 1e3;
            case "us", "µs", "microseconds" -> 1;
            case "ns", "nanoseconds" -> 1e-3;
            default -> usPerUnit == null ? 1 : usPerUnit;
        };
        double us = t * scale;
        if (!Double.isFinite(us)) {
            throw new CliException("event " + e.eventName() + " has timestamp " + e.timestamp()
                    + ", which a Chrome trace cannot hold");
        }
        return us;
    }

    /** A metadata value as a number to plot; NaN for values that are not numbers (or booleans, as 0 and 1). */
    private static double number(JsonValue v) {
        if (v instanceof JsonValue.IntValue i) {
            return i.value();
        } else if (v instanceof JsonValue.FloatValue f) {
            return Double.isFinite(f.value()) ? f.value() : Double.NaN;
        } else if (v instanceof JsonValue.BigIntValue b) {
            return b.value().doubleValue();
        } else if (v instanceof JsonValue.BoolValue b) {
            return b.value() ? 1 : 0;
        }
        return Double.NaN;
    }
}
