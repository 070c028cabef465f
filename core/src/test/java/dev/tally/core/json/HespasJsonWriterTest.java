package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HespasJsonWriterTest {
    @TempDir
    Path tmp;

    @Test
    void nonFiniteNumbersAreBareTokensAsPythonWritesThem() {
        CounterEventStream s = new CounterEventStream();
        s.addEvent("t", Double.NaN);
        s.addEvent("t", Double.NEGATIVE_INFINITY, "");
        String json = HespasJson.toJson(s);
        assertTrue(json.contains("\"timestamp\":NaN"), json);
        assertTrue(json.contains("\"timestamp\":-Infinity"), json);
    }

    @Test
    void nonAsciiIsEscapedAndLoneSurrogatesSurviveTheRoundTrip() throws Exception {
        CounterEventStream s = new CounterEventStream(Map.of("author", "Zoë"));
        s.addEvent("énergie_µJ\ud800", 1L, "µs");
        String json = HespasJson.toJson(s);
        assertTrue(json.chars().allMatch(c -> c < 128), json);
        assertTrue(json.contains("\\u00EB") || json.contains("\\u00eb"), json);
        assertEquals(s, HespasJson.parse(json));
    }

    @Test
    void everyValueKindRoundTripsExactly() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("big", new BigInteger("-1180591620717411303424"));
        m.put("float3", 3.0);
        m.put("negzero", -0.0);
        m.put("tiny", 5e-324);
        m.put("max", Double.MAX_VALUE);
        m.put("third", 1.0 / 3);
        m.put("list", List.of(1, "two", 3.0, Map.of()));
        m.put("nan", Double.NaN);
        CounterEventStream s = new CounterEventStream(Map.of("nested", Map.of("a", List.of(true, false))));
        s.addEvent("m", Timestamp.of(Long.MIN_VALUE), "", m);
        s.addEvent("m", Timestamp.of(Long.MAX_VALUE), "", Map.of());
        s.addEvent("m", Timestamp.of(0.1 + 0.2), "", Map.of());
        Path f = tmp.resolve("kinds.json");
        HespasJson.write(s, f);
        CounterEventStream back = HespasJson.read(f);
        assertEquals(s, back);
        assertEquals(JsonValue.of(3.0), back.events().get(0).metadata().get("float3"));
    }

    @Test
    void oneEventPerLineSoLineNumbersPointAtEvents() throws Exception {
        CounterEventStream s = new CounterEventStream();
        for (int i = 0; i < 3; i++) {
            s.addEvent("e" + i, i);
        }
        List<String> lines = HespasJson.toJson(s).lines().toList();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("{\"event_name\":\"e0\""), lines.get(1));
    }

    @Test
    void theFileAppearsOnlyWhenClosedAndAbortLeavesNothing() throws Exception {
        Path f = tmp.resolve("out.json");
        HespasJsonWriter w = HespasJsonWriter.open(f, StreamHeader.empty());
        w.write(new CounterEvent("a", Timestamp.of(1)));
        assertFalse(Files.exists(f));
        w.close();
        assertEquals(1, HespasJson.read(f).events().size());

        Path g = tmp.resolve("aborted.json");
        HespasJsonWriter a = HespasJsonWriter.open(g, StreamHeader.empty());
        a.write(new CounterEvent("a", Timestamp.of(1)));
        a.abort();
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(f.getFileName().toString()), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anExistingFileIsKeptUnlessReplacingIsAllowed() throws Exception {
        Path f = tmp.resolve("keep.json");
        Files.writeString(f, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> HespasJsonWriter.open(f, StreamHeader.empty(), false));
        assertEquals("precious", Files.readString(f));
        try (HespasJsonWriter w = HespasJsonWriter.open(f, StreamHeader.empty(), true)) {
            w.write(new CounterEvent("a", Timestamp.of(1)));
        }
        assertTrue(Files.readString(f, StandardCharsets.UTF_8).contains("\"a\""));
    }
}
