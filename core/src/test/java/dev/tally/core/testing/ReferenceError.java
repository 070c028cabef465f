package dev.tally.core.testing;

import dev.tally.core.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reference error message says about where the problem is, worked out from the message and the input
 * alone (independently of the code under test): the field named, and the index of the event concerned, or -1
 * for a problem of the stream object itself.
 *
 * @param message the reference's message without its exception type (and without the input dict it dumps)
 * @param field the field concerned, or null
 * @param eventIndex the event concerned, or -1
 */
public record ReferenceError(String message, String field, int eventIndex) {
    private static final List<String> EVENT_FIELDS = List.of("event_name", "timestamp", "timeunit", "metadata");

    /** Reads a reference error line against the input document it was raised for. */
    public static ReferenceError of(String errorLine, JsonValue input) {
        String message = errorLine.substring(errorLine.indexOf(": ") + 2);
        int dump = message.indexOf(" from input dictionary");
        if (dump >= 0) {
            message = message.substring(0, dump + " from input dictionary".length());
        }
        Map<String, JsonValue> top = ((JsonValue.ObjectValue) input).members();
        List<JsonValue> events = top.get("events") instanceof JsonValue.ArrayValue a ? a.values() : List.of();
        Matcher m;
        if ((m = Pattern.compile("Field '(\\w+)' for CounterEvent is missing").matcher(message)).find()) {
            String f = m.group(1);
            return new ReferenceError(message, f, firstEvent(events, e -> !e.containsKey(f)));
        }
        if ((m = Pattern.compile("Field '(\\w+)' for CounterEventStream is missing").matcher(message)).find()) {
            return new ReferenceError(message, m.group(1), -1);
        }
        if ((m = Pattern.compile("Field '(\\w+)' requires type '([^']+)'").matcher(message)).find()) {
            String f = m.group(1);
            String wanted = m.group(2);
            boolean streamLevel = top.containsKey(f) && !kindMatches(top.get(f), wanted);
            return new ReferenceError(message, f, streamLevel || !EVENT_FIELDS.contains(f) ? -1
                    : firstEvent(events, e -> e.containsKey(f) && !kindMatches(e.get(f), wanted)));
        }
        if ((m = Pattern.compile("CounterEvent\\.__init__\\(\\) got an unexpected keyword argument '(\\w+)'").matcher(message)).find()) {
            String f = m.group(1);
            return new ReferenceError(message, f, firstEvent(events, e -> e.containsKey(f)));
        }
        if ((m = Pattern.compile("CounterEventStream\\.__init__\\(\\) got an unexpected keyword argument '(\\w+)'").matcher(message)).find()) {
            return new ReferenceError(message, m.group(1), -1);
        }
        if ((m = Pattern.compile("could not convert string to float: '(.*)'").matcher(message)).find()) {
            String text = m.group(1);
            return new ReferenceError(message, "timestamp",
                    firstEvent(events, e -> e.get("timestamp") instanceof JsonValue.StringValue s && s.value().equals(text)));
        }
        if (message.startsWith("version field") || message.startsWith("invalid literal for int()")) {
            return new ReferenceError(message, "version", -1);
        }
        throw new AssertionError("a reference error this test does not know how to place: " + errorLine);
    }

    private interface EventTest {
        boolean test(Map<String, JsonValue> event);
    }

    private static int firstEvent(List<JsonValue> events, EventTest t) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof JsonValue.ObjectValue o && t.test(o.members())) {
                return i;
            }
        }
        throw new AssertionError("no event matches the reference error");
    }

    private static boolean kindMatches(JsonValue v, String wanted) {
        return switch (wanted) {
            case "str" -> v instanceof JsonValue.StringValue;
            case "dict" -> v instanceof JsonValue.ObjectValue;
            case "list" -> v instanceof JsonValue.ArrayValue;
            default -> v instanceof JsonValue.StringValue || v instanceof JsonValue.IntValue
                    || v instanceof JsonValue.BigIntValue || v instanceof JsonValue.FloatValue;
        };
    }
}
