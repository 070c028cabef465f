package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.MembersBuilder;
import dev.tally.core.Timestamp;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesWriterTest {
    private static List<CounterEvent> events() {
        MembersBuilder m = new MembersBuilder(2);
        m.put("op", JsonValue.of("matmul é"));
        m.put("shape", new JsonValue.ArrayValue(List.of(JsonValue.of(2), JsonValue.of(0.5))));
        return List.of(new CounterEvent("a", Timestamp.from(3), "cycles", m.build()),
                new CounterEvent("b", Timestamp.from(2.5), "", Map.of()));
    }

    @Test
    void eachEventIsOneLineThatAStreamDocumentHoldsAsItIs() throws Exception {
        StringWriter text = new StringWriter();
        try (JsonLinesWriter w = JsonLinesWriter.open(text, false)) {
            for (CounterEvent e : events()) {
                w.write(e);
            }
            assertEquals(2, w.eventCount());
        }
        String[] lines = text.toString().split("\n", -1);
        assertEquals(3, lines.length); // two lines, each ended by a newline
        assertEquals("", lines[2]);
        assertEquals("{\"event_name\":\"b\",\"timestamp\":2.5,\"timeunit\":\"\",\"metadata\":{}}", lines[1]);
        String doc = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[" + lines[0] + "," + lines[1] + "]}";
        assertEquals(events(), new ArrayList<>(HespasJson.parse(doc).events()));
    }

    @Test
    void bytesAreUtf8AndNoEventsIsNoOutput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonLinesWriter w = JsonLinesWriter.open(bytes, true)) {
            w.write(events().get(0));
        }
        String line = bytes.toString(StandardCharsets.UTF_8);
        assertEquals('\n', line.charAt(line.length() - 1));
        assertEquals(line.length() - 1, line.indexOf('\n')); // one line
        String doc = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[" + line.strip() + "]}";
        assertEquals(events().subList(0, 1), new ArrayList<>(HespasJson.parse(doc).events()));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        JsonLinesWriter.open(none, false).close();
        assertEquals(0, none.size());
    }
}
