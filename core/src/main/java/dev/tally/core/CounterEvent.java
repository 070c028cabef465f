package dev.tally.core;

import java.util.Map;
import java.util.Objects;

/**
 * One performance counter event, as hespas's {@code CounterEvent}: a name, a {@link Timestamp}, a time unit
 * ({@code ""} means abstract ordered time quanta) and metadata (a possibly empty JSON object, in key order).
 *
 * @param eventName the event's name
 * @param timestamp when it happened, an integer or a non-integral float
 * @param timeUnit the unit of the timestamp, or {@code ""}
 * @param metadata the event's metadata; copied, immutable, in insertion order
 */
public record CounterEvent(String eventName, Timestamp timestamp, String timeUnit, Map<String, JsonValue> metadata) {

    /** The field names of an event in hespas JSON, in the order hespas checks them. */
    public static final String EVENT_NAME = "event_name";
    /** See {@link #EVENT_NAME}. */
    public static final String TIMESTAMP = "timestamp";
    /** See {@link #EVENT_NAME}. */
    public static final String TIMEUNIT = "timeunit";
    /** See {@link #EVENT_NAME}. */
    public static final String METADATA = "metadata";

    /** Checks for nulls and copies the metadata. */
    public CounterEvent {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timeUnit, "timeUnit");
        metadata = JsonValue.membersOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** An event with unit {@code ""} and no metadata. */
    public CounterEvent(String eventName, Timestamp timestamp) {
        this(eventName, timestamp, "", Map.of());
    }

    /** An event without metadata. */
    public CounterEvent(String eventName, Timestamp timestamp, String timeUnit) {
        this(eventName, timestamp, timeUnit, Map.of());
    }

    /**
     * An event from a map holding exactly the four hespas fields, checked as hespas's {@code CounterEvent.from_dict}
     * checks them: every field present (in the order event_name, timestamp, timeunit, metadata), each of the
     * right type, no other key. Metadata values may be plain Java values or {@link JsonValue}s.
     *
     * @throws IllegalArgumentException with hespas's message for the first problem found
     */
    public static CounterEvent fromMap(Map<String, ?> fields) {
        for (String f : new String[] {EVENT_NAME, TIMESTAMP, TIMEUNIT, METADATA}) {
            if (!fields.containsKey(f)) {
                throw new IllegalArgumentException("Field '" + f + "' for CounterEvent is missing from input dictionary");
            }
            Object v = fields.get(f);
            String kind = PythonTypes.nameOf(v);
            boolean ok = switch (f) {
                case EVENT_NAME, TIMEUNIT -> kind.equals("str");
                case TIMESTAMP -> kind.equals("str") || kind.equals("int") || kind.equals("float");
                default -> kind.equals("dict");
            };
            if (!ok) {
                String wanted = switch (f) {
                    case EVENT_NAME, TIMEUNIT -> "str";
                    case TIMESTAMP -> "typing.Union[str, int, float]";
                    default -> "dict";
                };
                throw new IllegalArgumentException("Field '" + f + "' requires type '" + wanted + "', not '" + kind + "'");
            }
        }
        for (String k : fields.keySet()) {
            if (!(EVENT_NAME.equals(k) || TIMESTAMP.equals(k) || TIMEUNIT.equals(k) || METADATA.equals(k))) {
                throw new IllegalArgumentException("CounterEvent got an unexpected field '" + k + "'");
            }
        }
        Object meta = fields.get(METADATA);
        Map<?, ?> members = meta instanceof JsonValue.ObjectValue o ? o.members() : (Map<?, ?>) meta;
        return new CounterEvent(fields.get(EVENT_NAME).toString(), timestampOf(fields.get(TIMESTAMP)),
                fields.get(TIMEUNIT).toString(), JsonValue.membersOf(members));
    }

    private static Timestamp timestampOf(Object v) {
        if (v instanceof JsonValue.StringValue s) {
            return Timestamp.parse(s.value());
        } else if (v instanceof JsonValue.IntValue i) {
            return Timestamp.of(i.value());
        } else if (v instanceof JsonValue.BigIntValue b) {
            return Timestamp.of(b.value());
        } else if (v instanceof JsonValue.FloatValue d) {
            return Timestamp.of(d.value());
        }
        return Timestamp.from(v);
    }
}
