package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.json.HespasJson;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TallyCommandsTest {
    @TempDir
    Path tmp;

    private List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void generateWritesTheSeededSampleTrace() throws Exception {
        Path out = tmp.resolve("t.json");
        TallyRunner r = TallyRunner.run("generate", "--events", "2500", "--shape", "float", "--seed", "9", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote 2,500 events"), r.out());
        CounterEventStream back = HespasJson.read(out);
        try (EventReader expected = SampleTrace.of(2500, SampleTrace.Shape.FLOAT, 9).reader()) {
            assertEquals(expected.readAll(), back);
        }
    }

    @Test
    void convertCopiesEveryAcceptedConformanceCaseExactly() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            Path out = tmp.resolve(c.name() + ".json");
            TallyRunner r = TallyRunner.run("convert", c.input().toString(), out.toString());
            assertEquals(0, r.exitCode(), c.name() + ": " + r.err());
            assertEquals(c.expectedTree(), Conformance.parseTree(out), c.name());
        }
    }

    @Test
    void anExistingOutputIsKeptWithoutForce() throws Exception {
        Path in = tmp.resolve("in.json");
        Path out = tmp.resolve("out.json");
        assertEquals(0, TallyRunner.run("generate", "--events", "10", "-o", in.toString()).exitCode());
        Files.writeString(out, "keep me");
        TallyRunner refused = TallyRunner.run("convert", in.toString(), out.toString());
        assertEquals(Tally.EXIT_FAILURE, refused.exitCode());
        assertEquals("tally: " + out + " exists already; use --force to replace it", refused.err().strip());
        assertEquals("keep me", Files.readString(out));

        TallyRunner forced = TallyRunner.run("convert", in.toString(), out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(10, HespasJson.read(out).events().size());
        TallyRunner again = TallyRunner.run("generate", "--events", "5", "-o", in.toString());
        assertNotEquals(0, again.exitCode());
    }

    @Test
    void aFailedConversionPrintsOneLineAndLeavesNoOutput() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": [\n"
                + "{\"event_name\": \"a\", \"timestamp\": 1, \"timeunit\": \"\", \"metadata\": {}},\n"
                + "{\"event_name\": \"b\", \"timestamp\": \"soon\", \"timeunit\": \"\", \"metadata\": {}}]}");
        Path out = tmp.resolve("out.json");
        TallyRunner r = TallyRunner.run("convert", bad.toString(), out.toString());
        assertEquals(Tally.EXIT_FAILURE, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("event 1, field 'timestamp', line 3"), r.err());
        assertTrue(r.err().contains("could not convert string to float: 'soon'"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of("bad.json"), filesIn(tmp));
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "[]");
        TallyRunner r = TallyRunner.run("convert", "--verbose", bad.toString(), tmp.resolve("o.json").toString());
        assertEquals(Tally.EXIT_FAILURE, r.exitCode());
        assertTrue(r.err().contains("at dev.tally."), r.err());
    }

    @Test
    void unknownFormatsAndMissingInputsAreClearErrors() {
        TallyRunner ext = TallyRunner.run("generate", "--events", "1", "-o", tmp.resolve("x.csv").toString());
        assertEquals(Tally.EXIT_FAILURE, ext.exitCode());
        assertTrue(ext.err().contains("cannot tell the format of"), ext.err());
        TallyRunner to = TallyRunner.run("generate", "--events", "1", "--to", "xml", "-o", tmp.resolve("x").toString());
        assertTrue(to.err().contains("unknown format 'xml'; known formats: json, arrow, arrow-stream, parquet"), to.err());
        TallyRunner missing = TallyRunner.run("convert", tmp.resolve("none.json").toString(), tmp.resolve("o.json").toString());
        assertEquals("tally: no such file: " + tmp.resolve("none.json"), missing.err().strip());
    }

    @Test
    void usageErrorsExitWithPicocliStatusAndHelp() {
        TallyRunner r = TallyRunner.run("generate", "-o", "x.json");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required option: '--events=N'"), r.err());
    }

    @Test
    void demoWritesReadsBackChecksAndSummarises() throws Exception {
        Path dir = tmp.resolve("demo");
        TallyRunner r = TallyRunner.run("demo", "--events", "3000", "--dir", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("3,000 sample events"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("json ") && l.endsWith("all events equal")), r.out());
        assertTrue(r.out().contains("metadata keys: energy_pj, flops, npu, op"), r.out());
        assertTrue(Files.size(dir.resolve("sample.json")) > 3000 * 100);
        for (String row : List.of("arrow none ", "arrow lz4 ", "arrow zstd ", "arrow-stream zstd ", "parquet snappy ",
                "parquet zstd ")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row) && l.endsWith("all events equal")), row + "\n" + r.out());
        }
        assertTrue(Files.size(dir.resolve("sample-zstd.arrow")) < Files.size(dir.resolve("sample.json")) / 10);
        assertTrue(Files.exists(dir.resolve("sample-zstd.arrows")));
    }

    @Test
    void convertGoesThroughBothArrowFormsAndBackToTheExpectedDocument() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            Path arrow = tmp.resolve(c.name() + ".arrow");
            Path stream = tmp.resolve(c.name() + ".data"); // no telling extension: --to names the format
            Path json = tmp.resolve(c.name() + ".json");
            TallyRunner a = TallyRunner.run("convert", c.input().toString(), arrow.toString(), "--codec", "zstd");
            assertEquals(0, a.exitCode(), c.name() + ": " + a.err());
            assertTrue(a.out().contains("(json) -> " + arrow + " (arrow)"), a.out());
            TallyRunner b = TallyRunner.run("convert", arrow.toString(), stream.toString(), "--to", "arrow-stream",
                    "--codec", "lz4", "--batch-rows", "1");
            assertEquals(0, b.exitCode(), c.name() + ": " + b.err());
            // The input's format is recognised from its first bytes, not its extension.
            TallyRunner back = TallyRunner.run("convert", stream.toString(), json.toString());
            assertEquals(0, back.exitCode(), c.name() + ": " + back.err());
            assertTrue(back.out().contains("(arrow-stream) -> "), back.out());
            assertEquals(c.expectedTree(), Conformance.parseTree(json), c.name());
        }
    }

    @Test
    void convertGoesThroughParquetForEachCodecAndBackToTheExpectedDocument() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            for (String codec : List.of("none", "snappy", "zstd")) {
                Path parquet = tmp.resolve(c.name() + "." + codec + ".parquet");
                Path json = tmp.resolve(c.name() + "." + codec + ".json");
                TallyRunner a = TallyRunner.run("convert", c.input().toString(), parquet.toString(), "--codec", codec);
                assertEquals(0, a.exitCode(), c.name() + ": " + a.err());
                TallyRunner back = TallyRunner.run("convert", parquet.toString(), json.toString());
                assertEquals(0, back.exitCode(), c.name() + ": " + back.err());
                assertTrue(back.out().contains("(parquet) -> "), back.out());
                assertEquals(c.expectedTree(), Conformance.parseTree(json), c.name() + " " + codec);
            }
        }
        TallyRunner bad = TallyRunner.run("convert", Conformance.acceptedCases().get(0).input().toString(),
                tmp.resolve("x.parquet").toString(), "--codec", "lz4");
        assertEquals("tally: unknown Parquet codec 'lz4': expected none, snappy or zstd", bad.err().strip());
    }

    @Test
    void convertGoesBetweenParquetAndBothArrowFormsBothWays() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            List<String> chain = List.of(c.input().toString(), tmp.resolve(c.name() + ".1.parquet").toString(),
                    tmp.resolve(c.name() + ".arrows").toString(), tmp.resolve(c.name() + ".2.parquet").toString(),
                    tmp.resolve(c.name() + ".arrow").toString(), tmp.resolve(c.name() + ".3.parquet").toString(),
                    tmp.resolve(c.name() + ".json").toString());
            for (int i = 0; i + 1 < chain.size(); i++) {
                TallyRunner r = TallyRunner.run("convert", chain.get(i), chain.get(i + 1));
                assertEquals(0, r.exitCode(), c.name() + " " + chain.get(i + 1) + ": " + r.err());
            }
            assertEquals(c.expectedTree(), Conformance.parseTree(Path.of(chain.get(chain.size() - 1))), c.name());
        }
    }

    @Test
    void benchPrintsOneJsonObjectWithARowPerImplementation() throws Exception {
        TallyRunner r = TallyRunner.run("bench", "--events", "2000", "--repeats", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonValue.ObjectValue doc = (JsonValue.ObjectValue) dev.tally.core.json.HespasJson.parseValue(r.out());
        assertEquals(JsonValue.of(2000), doc.members().get("events"));
        List<JsonValue> results = ((JsonValue.ArrayValue) doc.members().get("results")).values();
        java.util.Set<String> impls = new java.util.HashSet<>();
        for (JsonValue v : results) {
            Map<String, JsonValue> row = ((JsonValue.ObjectValue) v).members();
            impls.add(((JsonValue.StringValue) row.get("impl")).value());
            assertTrue(row.get("write_events_per_s") instanceof JsonValue.FloatValue, row.toString());
            assertTrue(row.get("bytes_per_event") instanceof JsonValue.FloatValue, row.toString());
            assertTrue(row.containsKey("read_events_per_s"), row.toString());
            assertEquals(JsonValue.of(1), row.get("runs"), row.toString());
        }
        assertEquals(java.util.Set.of("tally", "jackson", "parquet-avro", "naive-arrow", "duckdb"), impls);
        TallyRunner table = TallyRunner.run("bench", "--events", "1000", "--repeats", "1");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("write vs Jackson"), table.out());
        assertTrue(table.err().contains("measuring duckdb parquet zstd generic"), table.err());
    }

    @Test
    void generateWritesArrowThatReadsBackAsTheSampleTrace() throws Exception {
        Path out = tmp.resolve("t.arrows");
        TallyRunner r = TallyRunner.run("generate", "--events", "5000", "--shape", "float", "-o", out.toString(),
                "--codec", "lz4", "--batch-rows", "999");
        assertEquals(0, r.exitCode(), r.err());
        try (EventReader back = dev.tally.arrow.ArrowEventReader.open(out);
             EventReader expected = SampleTrace.of(5000, SampleTrace.Shape.FLOAT, SampleTrace.DEFAULT_SEED).reader()) {
            assertEquals(expected.readAll(), back.readAll());
        }
    }

    @Test
    void badWriterOptionsAreClearErrors() {
        TallyRunner codec = TallyRunner.run("generate", "--events", "1", "--codec", "gzip", "-o", tmp.resolve("x.arrow").toString());
        assertEquals(Tally.EXIT_FAILURE, codec.exitCode());
        assertEquals("tally: unknown codec 'gzip': expected none, lz4 or zstd", codec.err().strip());
        TallyRunner rows = TallyRunner.run("generate", "--events", "1", "--batch-rows", "0", "-o", tmp.resolve("x.arrow").toString());
        assertEquals("tally: --batch-rows must be 1 to 1048576 (Limits.MAX_BATCH_ROWS), not 0", rows.err().strip());
        assertFalse(Files.exists(tmp.resolve("x.arrow")));
    }

    @Test
    void aCorruptArrowInputIsOneLineNamingTheOffset() throws Exception {
        Path bad = tmp.resolve("bad.arrows");
        Files.write(bad, new byte[] {-1, -1, -1, -1, 0x10, 0, 0, 0, 1, 2});
        TallyRunner r = TallyRunner.run("convert", bad.toString(), tmp.resolve("o.json").toString());
        assertEquals(Tally.EXIT_FAILURE, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(bad + ": byte offset 0: input ends at byte 10"), r.err());
        assertFalse(Files.exists(tmp.resolve("o.json")));
    }

    @Test
    void demoWithoutDirLeavesNoFilesBehind() throws Exception {
        Path before = Path.of(System.getProperty("java.io.tmpdir"));
        long demosBefore = countDemoDirs(before);
        TallyRunner r = TallyRunner.run("demo", "--events", "100");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(demosBefore, countDemoDirs(before));
    }

    private static long countDemoDirs(Path tmpRoot) throws Exception {
        try (Stream<Path> s = Files.list(tmpRoot)) {
            return s.filter(p -> p.getFileName().toString().startsWith("tally-demo-")).count();
        }
    }
}
