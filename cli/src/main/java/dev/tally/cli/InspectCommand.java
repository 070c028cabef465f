package dev.tally.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.arrow.ArrowEventReader;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.json.HespasJson;
import dev.tally.parquet.ParquetEventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally inspect}: what a file is and holds, from its header and footer where the format has them. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a trace file: format, layout version, schema, stream version and metadata, number of "
                + "events, batches or row groups, codec, bytes on disk and per event.",
        footer = {"", "Examples:", "  tally inspect trace.parquet", "  tally inspect trace.arrow --json"})
final class InspectCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    /** What inspect reports; -1 or null where the format has no such thing. */
    record Facts(String format, String layoutVersion, StreamHeader header, long events, String partsName, long parts,
                 List<String> codecs, List<String> schema, List<String> typedColumns, long bytes, String incomplete) {
        Facts(String format, String layoutVersion, StreamHeader header, long events, String partsName, long parts,
              List<String> codecs, List<String> schema, List<String> typedColumns, long bytes) {
            this(format, layoutVersion, header, events, partsName, parts, codecs, schema, typedColumns, bytes, null);
        }
    }

    @Override
    public Integer call() throws Exception {
        Input input = source.open();
        Facts f = switch (input.format()) {
            case JSON -> json(input);
            case ARROW, ARROW_STREAM -> arrow(input);
            case PARQUET -> parquet(input);
        };
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, input, f);
        } else {
            printText(out, input, f);
        }
        return f.incomplete() == null ? 0 : Tally.EXIT_FAILURE;
    }

    private Facts json(Input input) throws IOException {
        long n = 0;
        StreamHeader header;
        try (Progress p = progressOptions.start(spec, "counting", -1); EventReader r = p.track(input.open())) {
            header = r.header();
            while (r.next() != null) {
                n++;
            }
        }
        return new Facts("hespas JSON", null, header, n, null, -1, List.of(), List.of(), List.of(),
                input.size());
    }

    private static Facts arrow(Input input) throws IOException {
        try (ArrowEventReader r = input.openArrow()) {
            long events = 0;
            long batches = 0;
            TreeSet<String> codecs = new TreeSet<>();
            String incomplete = null;
            try {
                while (r.loadNextBatch()) { // row counts and codecs are in each batch's header; values are not decoded
                    events += r.root().getRowCount();
                    batches++;
                    codecs.add(r.batchCodec().cliName());
                }
            } catch (FormatException e) {
                if (input.format() != Format.ARROW_STREAM) {
                    throw e;
                }
                incomplete = e.getMessage(); // a cut stream: what it holds before the cut, and where it ends
            }
            List<String> schema = new ArrayList<>();
            for (Field field : r.schema().getFields()) {
                schema.add(field.toString());
            }
            String layout = r.schema().getCustomMetadata().get(Columns.KEY_LAYOUT_VERSION);
            return new Facts(input.format() == Format.ARROW ? "Arrow IPC file" : "Arrow IPC stream", layout, r.header(),
                    events, "record batches", batches, new ArrayList<>(codecs), schema, typed(r.metadataPlan()),
                    input.size(), incomplete);
        }
    }

    private static Facts parquet(Input input) throws IOException {
        try (ParquetEventReader r = ParquetEventReader.open(input.file())) {
            ParquetEventReader.Footer footer = r.footer();
            List<String> schema = footer.schema().lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
            return new Facts("Parquet", footer.keyValueMetadata().get(Columns.KEY_LAYOUT_VERSION), r.header(),
                    footer.rows(), "row groups", footer.rowGroups(), footer.codecs(), schema,
                    typed(r.metadataPlan()), input.size());
        }
    }

    private static List<String> typed(MetadataPlan plan) {
        List<String> out = new ArrayList<>();
        for (MetadataColumn c : plan.columns()) {
            out.add(c.key() + " (" + c.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return out;
    }

    private static void printText(PrintWriter out, Input input, Facts f) {
        out.printf("file:            %s%n", input.file());
        out.printf("format:          %s%s%n", f.format(), f.layoutVersion() == null ? ""
                : " (tally layout version " + f.layoutVersion() + ")");
        out.printf("stream version:  %s%n", f.header().version());
        out.printf("stream metadata: %s%n", HespasJson.toJson(new JsonValue.ObjectValue(f.header().metadata())));
        out.printf("events:          %,d%n", f.events());
        if (f.partsName() != null) {
            out.printf("%-16s %,d%n", f.partsName() + ":", f.parts());
        }
        if (!f.codecs().isEmpty()) {
            out.printf("codec:           %s%n", String.join(", ", f.codecs()));
        }
        if (f.bytes() < 0) {
            out.println("size:            unknown (read from a pipe)");
        } else {
            out.printf("size:            %s (%,d bytes)%s%n", Table.bytes(f.bytes()), f.bytes(), f.events() == 0 ? ""
                    : String.format(", %.1f bytes/event", (double) f.bytes() / f.events()));
        }
        if (!f.typedColumns().isEmpty()) {
            out.printf("typed metadata:  %s%n", String.join(", ", f.typedColumns()));
        }
        if (!f.schema().isEmpty()) {
            out.println("schema:");
            for (String line : f.schema()) {
                out.println("  " + line);
            }
        }
        if (f.incomplete() != null) {
            out.printf("incomplete:      %s%n", f.incomplete());
        }
        out.flush();
    }

    private static void printJson(PrintWriter out, Input input, Facts f) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("file", input.file().toString());
            g.writeStringField("format", input.format().id());
            g.writeStringField("layout_version", f.layoutVersion());
            g.writeStringField("stream_version", f.header().version());
            g.writeFieldName("stream_metadata");
            g.writeRawValue(HespasJson.toJson(new JsonValue.ObjectValue(f.header().metadata())));
            g.writeNumberField("events", f.events());
            if (f.partsName() != null) {
                g.writeNumberField(f.partsName().replace(' ', '_'), f.parts());
            }
            stringArray(g, "codecs", f.codecs());
            if (f.bytes() < 0) {
                g.writeNullField("bytes"); // read from a pipe
            } else {
                g.writeNumberField("bytes", f.bytes());
            }
            if (f.events() > 0 && f.bytes() >= 0) {
                g.writeNumberField("bytes_per_event", (double) f.bytes() / f.events());
            } else {
                g.writeNullField("bytes_per_event");
            }
            stringArray(g, "typed_metadata", f.typedColumns());
            stringArray(g, "schema", f.schema());
            g.writeStringField("incomplete", f.incomplete());
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    private static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
