package dev.tally.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole stream held in memory, as hespas's {@code CounterEventStream}: a format version, stream metadata and
 * a list of events added with {@code addEvent}. For streams too large to hold, use an {@link EventWriter} and
 * an {@link EventReader} instead; {@link #header()} and {@link #events()} connect the two worlds.
 *
 * <p>Not thread-safe.
 */
public final class CounterEventStream {
    private final StreamHeader header;
    private final List<CounterEvent> events;

    /** An empty stream of the current version without metadata. */
    public CounterEventStream() {
        this(StreamHeader.empty(), List.of());
    }

    /** An empty stream of the current version with the given metadata (plain Java or {@link JsonValue} values). */
    public CounterEventStream(Map<String, ?> metadata) {
        this(StreamHeader.of(metadata), List.of());
    }

    /** A stream with the given header and events (copied). */
    public CounterEventStream(StreamHeader header, List<CounterEvent> events) {
        this.header = Objects.requireNonNull(header, "header");
        this.events = new ArrayList<>(events);
    }

    /** The version and stream metadata. */
    public StreamHeader header() {
        return header;
    }

    /** The format version, as hespas's {@code version}. */
    public String version() {
        return header.version();
    }

    /** The stream metadata, immutable. */
    public Map<String, JsonValue> metadata() {
        return header.metadata();
    }

    /** The events in the order they were added; an unmodifiable view. */
    public List<CounterEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** Adds a ready event. */
    public void addEvent(CounterEvent event) {
        events.add(Objects.requireNonNull(event, "event"));
    }

    /**
     * Adds an event given as a map that must hold every field, checked as hespas checks a dict passed to
     * {@code add_event}; see {@link CounterEvent#fromMap}.
     */
    public void addEvent(Map<String, ?> fields) {
        events.add(CounterEvent.fromMap(fields));
    }

    /** Adds an event with an integer timestamp, unit {@code ""} and no metadata. */
    public void addEvent(String eventName, long timestamp) {
        addEvent(new CounterEvent(eventName, Timestamp.of(timestamp)));
    }

    /** Adds an event with a float timestamp (made an integer when integral), unit {@code ""} and no metadata. */
    public void addEvent(String eventName, double timestamp) {
        addEvent(new CounterEvent(eventName, Timestamp.of(timestamp)));
    }

    /** Adds an event with an integer timestamp in the given unit and no metadata. */
    public void addEvent(String eventName, long timestamp, String timeUnit) {
        addEvent(new CounterEvent(eventName, Timestamp.of(timestamp), timeUnit));
    }

    /** Adds an event with a float timestamp (made an integer when integral) in the given unit and no metadata. */
    public void addEvent(String eventName, double timestamp, String timeUnit) {
        addEvent(new CounterEvent(eventName, Timestamp.of(timestamp), timeUnit));
    }

    /**
     * Adds an event, as hespas's keyword form {@code add_event(event_name=..., timestamp=..., timeunit=...,
     * metadata=...)}.
     *
     * @param timestamp a {@link Timestamp}, a number or a string (parsed as Python's {@code float()}); see
     *     {@link Timestamp#from}
     * @param metadata plain Java or {@link JsonValue} values; see {@link JsonValue#from}
     */
    public void addEvent(String eventName, Object timestamp, String timeUnit, Map<String, ?> metadata) {
        addEvent(new CounterEvent(eventName, Timestamp.from(timestamp), timeUnit, JsonValue.membersOf(metadata)));
    }

    /** Equal when the headers and the events are equal, in order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CounterEventStream s && header.equals(s.header) && events.equals(s.events);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + events.hashCode();
    }

    @Override
    public String toString() {
        return "CounterEventStream[version=" + header.version() + ", metadata=" + header.metadata() + ", events="
                + events.size() + "]";
    }
}
