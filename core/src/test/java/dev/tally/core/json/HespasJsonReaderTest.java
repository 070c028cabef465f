package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HespasJsonReaderTest {
    @TempDir
    Path tmp;

    private static String event(String name, String ts) {
        return "{\"event_name\": \"" + name + "\", \"timestamp\": " + ts + ", \"timeunit\": \"\", \"metadata\": {}}";
    }

    private static String doc(String... events) {
        return "{\"version\": \"0.0.1\", \"metadata\": {},\n \"events\": [\n" + String.join(",\n", events) + "\n]}";
    }

    private static FormatException rejected(String json) {
        return assertThrows(FormatException.class, () -> HespasJson.parse(json));
    }

    @Test
    void eventsBeforeTheHeaderAreReadFromAFileByScanningTwice() throws Exception {
        Path f = tmp.resolve("late-header.json");
        Files.writeString(f, "{\"events\": [" + event("a", "1") + "], \"metadata\": {\"k\": 1}, \"version\": \"0.0.1\"}");
        CounterEventStream s = HespasJson.read(f);
        assertEquals(Map.of("k", JsonValue.of(1)), s.metadata());
        assertEquals(1, s.events().size());
    }

    @Test
    void eventsBeforeTheHeaderAreRefusedFromAOnePassStreamWithAReason() {
        FormatException e = rejected("{\"events\": [], \"version\": \"0.0.1\", \"metadata\": {}}");
        assertTrue(e.getMessage().contains("'events' comes before"), e.getMessage());
    }

    @Test
    void aKeyRepeatedInTheStreamObjectIsRefused() {
        FormatException e = rejected("{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": [], \"events\": []}");
        assertEquals("events", e.location().field());
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void aRepeatedKeyInsideAnEventKeepsTheLastValueAsPythonDoes() throws Exception {
        CounterEventStream s = HespasJson.parse(doc("{\"event_name\": 5, \"event_name\": \"a\", \"timestamp\": 1,"
                + " \"timeunit\": \"\", \"metadata\": {\"k\": 1, \"j\": 2, \"k\": 3}}"));
        CounterEvent e = s.events().get(0);
        assertEquals("a", e.eventName());
        assertEquals(JsonValue.of(3), e.metadata().get("k"));
        assertEquals(java.util.List.of("k", "j"), new java.util.ArrayList<>(e.metadata().keySet()));
    }

    @Test
    void anIntegerTimestampBeyondSixtyFourBitsIsRefusedNamingTheEvent() {
        FormatException e = rejected(doc(event("a", "1"), event("b", "9223372036854775808")));
        assertEquals(1, e.location().eventIndex());
        assertEquals("timestamp", e.location().field());
        assertEquals(4, e.location().line());
        assertTrue(e.getMessage().contains("9223372036854775808"), e.getMessage());
    }

    @Test
    void anIntegralFloatTimestampBeyondSixtyFourBitsIsRefusedNotRounded() {
        FormatException e = rejected(doc(event("a", "1e20")));
        assertEquals(0, e.location().eventIndex());
        assertTrue(e.getMessage().contains("100000000000000000000"), e.getMessage());
    }

    @Test
    void aBooleanTimestampIsRefusedRatherThanTurnedIntoANumber() {
        FormatException e = rejected(doc(event("a", "true")));
        assertEquals("timestamp", e.location().field());
        assertTrue(e.getMessage().contains("not 'bool'"), e.getMessage());
    }

    @Test
    void aTruncatedDocumentFailsWithTheEventAndPositionAfterTheCompleteEvents() throws Exception {
        String full = doc(event("a", "1"), event("b", "2"), event("c", "3"));
        String cut = full.substring(0, full.indexOf("\"c\"") + 2);
        try (HespasJsonReader r = HespasJsonReader.open(new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)), "cut.json")) {
            assertEquals("a", r.next().eventName());
            assertEquals("b", r.next().eventName());
            FormatException e = assertThrows(FormatException.class, r::next);
            assertEquals(2, e.location().eventIndex());
            assertTrue(e.location().byteOffset() > 0, e.getMessage());
            assertTrue(e.getMessage().startsWith("cut.json: event 2"), e.getMessage());
        }
    }

    @Test
    void extraDataAfterTheDocumentIsAnError() {
        FormatException e = rejected(doc() + " {}");
        assertTrue(e.getMessage().contains("extra data"), e.getMessage());
    }

    @Test
    void anUnknownStreamFieldAfterTheEventsIsAnError() {
        FormatException e = rejected("{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": [], \"x\": 1}");
        assertEquals("x", e.location().field());
    }

    @Test
    void aDocumentThatIsNotAnObjectOrIsEmptyIsRefused() {
        assertTrue(rejected("[]").getMessage().contains("requires a dict as input, not 'list'"));
        assertTrue(rejected("").getMessage().contains("empty"));
        assertTrue(rejected("{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": [1]}").getMessage()
                .contains("CounterEvent.from_dict requires a dict as input, not 'int'"));
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        FormatException e = rejected("{\"version\": \"0.0.1\", \"metadata\": {},\n \"events\": [\n{\"event_name\": 'a'}]}");
        assertEquals(3, e.location().line());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        assertEquals(0, e.location().eventIndex());
    }

    private static String withMeta(String value) {
        return doc("{\"event_name\": \"a\", \"timestamp\": 1, \"timeunit\": \"\", \"metadata\": {\"n\": " + value + "}}");
    }

    @Test
    void anIntegerOfMoreThan4300DigitsIsRefusedInPythonsWordsAndPlaced() {
        for (String longInt : new String[] {"1".repeat(4301), "-" + "1".repeat(4301)}) {
            FormatException e = assertThrows(FormatException.class, () -> HespasJson.parse(withMeta(longInt)));
            assertTrue(e.getMessage().contains("Exceeds the limit (4300 digits) for integer string conversion:"
                    + " value has 4301 digits"), e.getMessage());
            assertFalse(e.getMessage().contains("malformed"), e.getMessage());
            assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
            assertTrue(e.getMessage().contains("event 0"), e.getMessage());
            assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
        }
        JsonValue n = assertDoesNotThrowParse(withMeta("-" + "9".repeat(4300))).events().get(0).metadata().get("n");
        assertEquals(JsonValue.of(new java.math.BigInteger("-" + "9".repeat(4300))), n);
    }

    @Test
    void nestingDeeperThan1000IsRefusedInPythonsWords() {
        // the event object and its metadata object are two levels, the stream object and its list two more
        int allowed = 1000 - 4;
        JsonValue v = assertDoesNotThrowParse(withMeta("[".repeat(allowed) + "]".repeat(allowed)))
                .events().get(0).metadata().get("n");
        assertTrue(v instanceof JsonValue.ArrayValue);
        String deep = "[".repeat(allowed + 1) + "]".repeat(allowed + 1);
        FormatException e = assertThrows(FormatException.class, () -> HespasJson.parse(withMeta(deep)));
        assertTrue(e.getMessage().contains("maximum recursion depth exceeded"), e.getMessage());
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        assertTrue(e.getMessage().contains("event 0"), e.getMessage());
    }

    @Test
    void floatsLongerThan4300CharactersAreReadAsPythonReadsThem() {
        // Python: json.loads("0." + "1" * 100000) == 0.1111111111111111, json.loads("1" * 5000 + ".0") == inf
        String longFraction = "0." + "1".repeat(100_000);
        assertEquals(JsonValue.of(0.1111111111111111),
                assertDoesNotThrowParse(withMeta(longFraction)).events().get(0).metadata().get("n"));
        assertEquals(JsonValue.of(Double.POSITIVE_INFINITY),
                assertDoesNotThrowParse(withMeta("1".repeat(5000) + ".0")).events().get(0).metadata().get("n"));
        // a float timestamp of many digits, rounded to the nearest double as Python's float() rounds
        String ts = "1." + "0".repeat(6000) + "1";
        CounterEventStream s = assertDoesNotThrowParse(doc(
                "{\"event_name\": \"a\", \"timestamp\": " + ts + ", \"timeunit\": \"\", \"metadata\": {}}"));
        assertEquals(Timestamp.of(1L), s.events().get(0).timestamp());
    }

    private static CounterEventStream assertDoesNotThrowParse(String json) {
        try {
            return HespasJson.parse(json);
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readerReturnsNullAfterTheLastEventAndKeepsDoingSo() throws Exception {
        try (HespasJsonReader r = HespasJsonReader.open(new ByteArrayInputStream(doc(event("a", "1.5")).getBytes(StandardCharsets.UTF_8)), "x")) {
            assertEquals(Timestamp.of(1.5), r.next().timestamp());
            assertNull(r.next());
            assertNull(r.next());
            assertEquals(1, r.eventsRead());
        }
    }

    @Test
    void parseValueReportsEmptyTextAndExtraDataAsFormatErrors() {
        for (String text : new String[] {"", "1 2", "{"}) {
            dev.tally.core.FormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.tally.core.FormatException.class, () -> HespasJson.parseValue(text));
            org.junit.jupiter.api.Assertions.assertFalse(e.getMessage().isEmpty());
        }
    }

    @Test
    void aBadEventCanBeSkippedButMalformedJsonCannot() throws Exception {
        String doc = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"a\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}},"
                + "{\"event_name\":7,\"timestamp\":2,\"timeunit\":\"\",\"metadata\":{\"x\":[1,{\"y\":2}]}},"
                + "[{\"event_name\":\"in an array\"}],"
                + "{\"event_name\":\"d\",\"timestamp\":4,\"timeunit\":\"\",\"metadata\":{}},"
                + "{\"event_name\":\"e\",\"timestamp\":5,,}]}";
        try (HespasJsonReader r = HespasJsonReader.open(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                "doc.json")) {
            assertEquals("a", r.next().eventName());
            FormatException name = assertThrows(FormatException.class, r::next);
            assertTrue(name.getMessage().contains("event 1, field 'event_name'"), name.getMessage());
            assertTrue(r.canResume());
            FormatException array = assertThrows(FormatException.class, r::next);
            assertTrue(array.getMessage().contains("event 2"), array.getMessage());
            assertTrue(r.canResume());
            CounterEvent d = r.next();
            assertEquals("d", d.eventName());
            assertTrue(!r.canResume(), "a good event clears it");
            assertEquals(4, r.eventsRead());
            FormatException syntax = assertThrows(FormatException.class, r::next);
            assertTrue(syntax.getMessage().contains("event 4") && syntax.getMessage().contains("malformed JSON"),
                    syntax.getMessage());
            assertTrue(!r.canResume());
        }
    }
}
