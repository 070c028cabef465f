package dev.tally.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table and the targets are computed from JMH's result file as they should be. */
class MarkdownTableTest {
    @TempDir
    Path tmp;

    private static String result(String benchmark, String params, double medianMs) {
        return "{\"benchmark\": \"dev.tally.bench." + benchmark + "\", \"params\": {" + params + "},"
                + " \"primaryMetric\": {\"score\": " + (medianMs + 1) + ", \"scoreUnit\": \"ms/op\","
                + " \"scorePercentiles\": {\"50.0\": " + medianMs + "}}}";
    }

    @Test
    void ratiosAndTargetsComeFromTheMediansOfTheSameRun() throws Exception {
        Path json = tmp.resolve("jmh.json");
        String common = "\"events\": \"1000000\", \"shape\": \"INT\", ";
        Files.writeString(json, "[" + String.join(",", List.of(
                result("FormatBenchmark.write", common + "\"subject\": \"JACKSON_JSON\"", 1000),
                result("FormatBenchmark.read", common + "\"subject\": \"JACKSON_JSON\"", 1000),
                result("FormatBenchmark.write", common + "\"subject\": \"ARROW_FILE_NONE\"", 80),
                result("FormatBenchmark.read", common + "\"subject\": \"ARROW_FILE_NONE\"", 250),
                result("ScanBenchmark.scanTimestampsArrowNone", "\"events\": \"10000000\"", 50))) + "]");
        List<MarkdownTable.Run> runs = MarkdownTable.parse(json);
        assertEquals(5, runs.size());
        assertEquals(1_000_000 / 0.08, runs.get(2).perSecond(), 1e-6);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MarkdownTable.print(runs, Map.of("ARROW_FILE_NONE/INT", 58.1, "JACKSON_JSON/INT", 164.8), 1_000_000,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("| tally | arrow | none | generic | 12.50 M | 4.00 M | 58.1 | 12.50x | 4.00x |"), out);
        assertTrue(out.contains("| Arrow IPC uncompressed write (generic) >= 10x Jackson | 12.50x | yes |"), out);
        assertTrue(out.contains("| Timestamp scan of a mapped Arrow file >= 100 M events/s (union vector's get) | 200.00 M/s | yes |"), out);
    }
}
