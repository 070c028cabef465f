package dev.tally.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import dev.tally.core.json.HespasJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The conformance vectors in {@code ../shared/conformance/hespas-json/}, produced by the hespas reference
 * implementation: for each case an input, and either the stream the reference holds after loading it, or the
 * error it raises (and the warning it gives). Every reader and writer test reads its cases from here.
 */
public final class Conformance {
    private Conformance() {
    }

    /** One case. {@code expected} or {@code error} is present, never both. */
    public record Case(String name, Path input, Optional<Path> expected, Optional<Path> error, Optional<Path> warning) {
        /** True when the reference accepts the input. */
        public boolean accepted() {
            return expected.isPresent();
        }

        /** The reference's error line, e.g. {@code ValueError: could not convert string to float: 'soon'}. */
        public String errorText() {
            return read(error.orElseThrow()).strip();
        }

        /** The reference's warning, if it gives one. */
        public Optional<String> warningText() {
            return warning.map(p -> read(p).strip());
        }

        /** The expected document as a JSON tree. */
        public JsonValue expectedTree() {
            return parseTree(expected.orElseThrow());
        }

        /** The input document as a JSON tree. */
        public JsonValue inputTree() {
            return parseTree(input);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The folder of the hespas JSON cases; fails loudly when it is missing. */
    public static Path hespasJsonDir() {
        String configured = System.getProperty("tally.conformance.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "conformance");
        Path cases = dir.resolve("hespas-json").normalize();
        assertTrue(Files.isDirectory(cases), "the conformance vectors are missing: expected " + cases.toAbsolutePath()
                + " (../shared/conformance beside the repository)");
        return cases;
    }

    /** Every case, in name order. */
    public static List<Case> cases() {
        Path dir = hespasJsonDir();
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path input : files.filter(p -> p.getFileName().toString().endsWith(".input.json")).sorted().toList()) {
                String name = input.getFileName().toString().replace(".input.json", "");
                out.add(new Case(name, input, existing(dir.resolve(name + ".expected.json")),
                        existing(dir.resolve(name + ".error.txt")), existing(dir.resolve(name + ".warning.txt"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!out.isEmpty(), "no conformance cases in " + dir);
        return out;
    }

    /** The cases the reference accepts. */
    public static List<Case> acceptedCases() {
        return cases().stream().filter(Case::accepted).toList();
    }

    /** The cases the reference rejects. */
    public static List<Case> rejectedCases() {
        return cases().stream().filter(c -> !c.accepted()).toList();
    }

    /**
     * A stream as the JSON tree hespas would write for it, built from the model without going through our JSON
     * writer, so that comparing it with an expected file checks the reader on its own.
     */
    public static JsonValue treeOf(CounterEventStream stream) {
        List<JsonValue> events = new ArrayList<>();
        for (CounterEvent e : stream.events()) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("event_name", JsonValue.of(e.eventName()));
            Timestamp t = e.timestamp();
            m.put("timestamp", t.isInteger() ? JsonValue.of(t.longValue()) : JsonValue.of(t.doubleValue()));
            m.put("timeunit", JsonValue.of(e.timeUnit()));
            m.put("metadata", new JsonValue.ObjectValue(e.metadata()));
            events.add(new JsonValue.ObjectValue(m));
        }
        Map<String, JsonValue> doc = new LinkedHashMap<>();
        doc.put("version", JsonValue.of(stream.version()));
        doc.put("metadata", new JsonValue.ObjectValue(stream.metadata()));
        doc.put("events", new JsonValue.ArrayValue(events));
        return new JsonValue.ObjectValue(doc);
    }

    /** A JSON file parsed as a tree (integers and floats kept apart, NaN equal to NaN). */
    public static JsonValue parseTree(Path file) {
        try {
            return HespasJson.parseValue(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> existing(Path p) {
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
}
