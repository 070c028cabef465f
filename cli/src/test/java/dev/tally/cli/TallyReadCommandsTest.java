package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.json.HespasJson;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** head, cat, stats and inspect, end to end through the command line, on every format. */
class TallyReadCommandsTest {
    static final int EVENTS = 3000;
    static final List<String> FILES = List.of("t.json", "t.arrow", "t.arrows", "t.parquet");

    @TempDir
    Path tmp;

    List<CounterEvent> trace;

    @BeforeEach
    void writeTheSampleTraceInEveryFormat() throws Exception {
        for (String f : FILES) {
            List<String> args = new ArrayList<>(List.of("generate", "--events", "" + EVENTS, "-o",
                    tmp.resolve(f).toString()));
            if (f.contains(".arrow")) {
                args.addAll(List.of("--batch-rows", "700")); // several batches; the option is Arrow's only
            }
            TallyRunner r = TallyRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
        }
        try (EventReader r = SampleTrace.of(EVENTS, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
            trace = r.readAll().events();
        }
    }

    /** JSON lines back into events, through the hespas reader. */
    static List<CounterEvent> parseLines(String out) throws Exception {
        String body = out.strip().isEmpty() ? "" : String.join(",", out.strip().split("\n"));
        return HespasJson.parse("{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[" + body + "]}").events();
    }

    @Test
    void headPrintsTheFirstEventsAsJsonLinesInEveryFormat() throws Exception {
        for (String f : FILES) {
            TallyRunner r = TallyRunner.run("head", "-n", "5", tmp.resolve(f).toString());
            assertEquals(0, r.exitCode(), f + ": " + r.err());
            assertEquals(5, r.out().strip().split("\n").length, f);
            assertEquals(trace.subList(0, 5), parseLines(r.out()), f);
        }
        assertEquals(trace.subList(0, 10), parseLines(TallyRunner.run("head", tmp.resolve("t.arrow").toString()).out()));
    }

    @Test
    void catFiltersByNameAndTimeRangeAlikeInEveryFormat() throws Exception {
        String name = trace.get(0).eventName();
        double from = trace.get(EVENTS / 4).timestamp().doubleValue();
        double to = trace.get(EVENTS / 2).timestamp().doubleValue();
        EventFilter filter = new EventFilter(from, to, Set.of(name, "no-such-name"));
        List<CounterEvent> expected = trace.stream().filter(filter::matches).toList();
        assertTrue(expected.size() > 5 && expected.size() < EVENTS / 4, "a selective filter: " + expected.size());
        for (String f : FILES) { // Parquet skips by statistics, the others filter as they read: the same events
            TallyRunner r = TallyRunner.run("cat", tmp.resolve(f).toString(), "--name", name, "--name", "no-such-name",
                    "--from", "" + from, "--to", "" + to);
            assertEquals(0, r.exitCode(), f + ": " + r.err());
            assertEquals(expected, parseLines(r.out()), f);
        }
        TallyRunner all = TallyRunner.run("cat", tmp.resolve("t.parquet").toString());
        assertEquals(trace, parseLines(all.out()));
        TallyRunner backwards = TallyRunner.run("cat", tmp.resolve("t.json").toString(), "--from", "5", "--to", "1");
        assertEquals(Tally.EXIT_FAILURE, backwards.exitCode());
        assertEquals("tally: --from 5 is after --to 1", backwards.err().strip());
    }

    @Test
    void catPrintsEveryAcceptedConformanceCaseAsItsEvents() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            TallyRunner r = TallyRunner.run("cat", "--format", "json", c.input().toString());
            assertEquals(0, r.exitCode(), c.name() + ": " + r.err());
            CounterEventStream expected = HespasJson.read(c.input());
            assertEquals(expected.events(), parseLines(r.out()), c.name());
        }
    }

    @Test
    void statsCountsEachNameWithItsTimeRangeAndTheKeysKinds() throws Exception {
        String name = trace.get(0).eventName();
        List<CounterEvent> ofName = trace.stream().filter(e -> e.eventName().equals(name)).toList();
        long first = ofName.stream().mapToLong(e -> e.timestamp().longValue()).min().orElseThrow();
        long last = ofName.stream().mapToLong(e -> e.timestamp().longValue()).max().orElseThrow();
        long withFlops = trace.stream().filter(e -> e.metadata().containsKey("flops")).count();
        for (String f : FILES) {
            TallyRunner r = TallyRunner.run("stats", "--json", tmp.resolve(f).toString());
            assertEquals(0, r.exitCode(), f + ": " + r.err());
            Map<String, JsonValue> s = ((JsonValue.ObjectValue) HespasJson.parseValue(r.out())).members();
            assertEquals(JsonValue.of(EVENTS), s.get("events"), f);
            JsonValue.ObjectValue stats = null;
            for (JsonValue n : ((JsonValue.ArrayValue) s.get("names")).values()) {
                Map<String, JsonValue> m = ((JsonValue.ObjectValue) n).members();
                if (m.get("name").equals(JsonValue.of(name))) {
                    stats = (JsonValue.ObjectValue) n;
                }
            }
            assertEquals(JsonValue.of(ofName.size()), stats.members().get("events"), f);
            assertEquals(JsonValue.of(first), stats.members().get("first"), f);
            assertEquals(JsonValue.of(last), stats.members().get("last"), f);
            List<String> keys = new ArrayList<>();
            for (JsonValue k : ((JsonValue.ArrayValue) s.get("metadata_keys")).values()) {
                Map<String, JsonValue> m = ((JsonValue.ObjectValue) k).members();
                keys.add(m.get("key") + " " + m.get("events") + " " + m.get("kinds"));
            }
            assertEquals(List.of("\"energy_pj\" 3000 {float=3000}", "\"flops\" " + withFlops + " {int=" + withFlops + "}",
                    "\"npu\" 3000 {int=3000}", "\"op\" 3000 {string=3000}"), keys, f);
        }
        TallyRunner table = TallyRunner.run("stats", tmp.resolve("t.arrow").toString(), "--top", "3");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("3,000 events, "), table.out());
        assertTrue(table.out().contains("more names; --top N lists more"), table.out());
        assertTrue(table.out().matches("(?s).*flops +" + String.format("%,d", withFlops) + " +int.*"), table.out());
    }

    @Test
    void inspectSaysFormatLayoutCountsCodecAndSize() throws Exception {
        TallyRunner.run("convert", tmp.resolve("t.json").toString(), tmp.resolve("z.arrow").toString(), "--codec",
                "zstd", "--batch-rows", "1000");
        TallyRunner.run("convert", tmp.resolve("t.json").toString(), tmp.resolve("s.parquet").toString(), "--codec",
                "snappy", "--row-group-rows", "1000");
        Map<String, String> expected = Map.of("t.json", "json events=3000 parts=null codecs=[]",
                "t.arrow", "arrow events=3000 parts=5 codecs=[\"none\"]",
                "z.arrow", "arrow events=3000 parts=3 codecs=[\"zstd\"]",
                "t.arrows", "arrow-stream events=3000 parts=5 codecs=[\"none\"]",
                "t.parquet", "parquet events=3000 parts=1 codecs=[\"ZSTD\"]",
                "s.parquet", "parquet events=3000 parts=3 codecs=[\"SNAPPY\"]");
        for (Map.Entry<String, String> want : expected.entrySet()) {
            Path file = tmp.resolve(want.getKey());
            TallyRunner r = TallyRunner.run("inspect", "--json", file.toString());
            assertEquals(0, r.exitCode(), want.getKey() + ": " + r.err());
            Map<String, JsonValue> m = ((JsonValue.ObjectValue) HespasJson.parseValue(r.out())).members();
            JsonValue parts = m.containsKey("row_groups") ? m.get("row_groups") : m.get("record_batches");
            assertEquals(want.getValue(), ((JsonValue.StringValue) m.get("format")).value() + " events="
                    + m.get("events") + " parts=" + parts + " codecs=" + m.get("codecs"), want.getKey());
            assertEquals(JsonValue.of(Files.size(file)), m.get("bytes"), want.getKey());
            assertEquals(want.getKey().endsWith("json") ? JsonValue.NULL : JsonValue.of("1"), m.get("layout_version"));
            assertEquals(JsonValue.of("0.0.1"), m.get("stream_version"));
            assertEquals(JsonValue.of("tally-sample"),
                    ((JsonValue.ObjectValue) m.get("stream_metadata")).members().get("estimator"));
        }
        TallyRunner text = TallyRunner.run("inspect", tmp.resolve("t.parquet").toString());
        assertTrue(text.out().contains("row groups:      1"), text.out());
        assertTrue(text.out().contains("optional int64 metadata_flops;"), text.out());
        assertTrue(text.out().contains(String.format("bytes/event", 0)), text.out());
    }

    @Test
    void aNanTimestampIsCountedButTakesNoPartInFirstAndLast() throws Exception {
        Path nan = tmp.resolve("nan.json");
        Files.writeString(nan, "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"a\",\"timestamp\":5,\"timeunit\":\"ns\",\"metadata\":{}},"
                + "{\"event_name\":\"a\",\"timestamp\":\"nan\",\"timeunit\":\"ns\",\"metadata\":{}},"
                + "{\"event_name\":\"b\",\"timestamp\":\"nan\",\"timeunit\":\"ns\",\"metadata\":{}},"
                + "{\"event_name\":\"a\",\"timestamp\":2,\"timeunit\":\"ns\",\"metadata\":{}}]}");
        TallyRunner r = TallyRunner.run("stats", "--json", nan.toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<String, JsonValue> s = ((JsonValue.ObjectValue) HespasJson.parseValue(r.out())).members();
        Map<String, JsonValue> a = ((JsonValue.ObjectValue) ((JsonValue.ArrayValue) s.get("names")).values().get(0))
                .members();
        assertEquals(List.of(JsonValue.of("a"), JsonValue.of(3), JsonValue.of(2), JsonValue.of(5)),
                List.of(a.get("name"), a.get("events"), a.get("first"), a.get("last")));
        Map<String, JsonValue> b = ((JsonValue.ObjectValue) ((JsonValue.ArrayValue) s.get("names")).values().get(1))
                .members();
        assertEquals(JsonValue.NULL, b.get("first"), "only NaN: no first");
        TallyRunner plot = TallyRunner.run("plot", nan.toString(), "-o", tmp.resolve("nan.png").toString());
        assertEquals(0, plot.exitCode(), plot.err());
        assertTrue(plot.out().contains("2 events in 200 bins"), plot.out()); // the NaN ones have no place in time
        TallyRunner table = TallyRunner.run("stats", nan.toString());
        assertTrue(table.out().matches("(?s).*\\bb +1 +- +- +ns.*"), table.out());
    }
}
