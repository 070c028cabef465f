package dev.tally.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a hespas JSON document one event at a time, in memory independent of the number of events, with the
 * checks of hespas's reader ({@code CounterEventStream.from_json}): every field present and of its type, no
 * unknown field, a well-formed version (a newer one is logged as a warning), string timestamps parsed as
 * Python's {@code float()} does and integral floats made integers.
 *
 * <p>Where this reader differs from hespas, deliberately:
 * <ul>
 *   <li>An integer timestamp outside the signed 64-bit range (including an integral float such as {@code 1e20},
 *       which hespas makes an int) is refused with a {@link FormatException} naming the event.
 *   <li>A boolean timestamp, which hespas accepts because Python's bool is an int and then writes back as
 *       {@code true}, is refused: no numeric timestamp holds it.
 *   <li>A key repeated in the stream object is refused (Python keeps the last; a streaming reader has already
 *       handed out the first {@code events} by then). Repeated keys inside an event or metadata object: the last
 *       value wins, as in Python.
 *   <li>The whole document is not parsed before the first event is handed out, so with two problems in one file,
 *       the one met first in the file is reported.
 * </ul>
 *
 * <p>The header must be known before the first event. When {@code events} precedes {@code version} or
 * {@code metadata} in the document, a reader opened on a {@link Path} scans the file once more to find them;
 * one opened on an {@link InputStream} cannot, and refuses such a document.
 *
 * <p>Errors are {@link FormatException}s naming the event index, the field, and the line, column and byte offset.
 * Not thread-safe.
 */
public final class HespasJsonReader implements EventReader {
    private static final String VERSION = "version";
    private static final String METADATA = "metadata";
    private static final String EVENTS = "events";

    private final InputStream input;
    private final JsonParser parser;
    private final FormatException.Location base;
    private final StreamHeader header;
    private final Set<String> seenKeys = new HashSet<>();
    private final boolean headerScannedAhead;
    private long index;
    private boolean inEvents = true;
    private boolean closed;
    // Whether the event being read has been read to its end: an error found then concerns that event alone.
    private boolean eventConsumed;
    private boolean resumable;

    private HespasJsonReader(InputStream raw, String source, Path reopenable) throws IOException {
        this.base = FormatException.Location.UNKNOWN.inSource(source);
        // Strict UTF-8 under Jackson, which would read overlong forms and the like as other text. The bytes are
        // checked as Jackson loads them, ahead of its parse, so the error names the byte offset, not an event.
        this.input = new Utf8CheckingInputStream(raw, () -> base);
        InputStream input = this.input;
        inEvents = false;
        try {
            // Jackson reads the first bytes here to detect the encoding, and refuses some (UCS-4 of odd byte order).
            this.parser = JsonSupport.FACTORY.createParser(input);
        } catch (JsonProcessingException | CharConversionException e) {
            throw syntaxError(e);
        }
        try {
            TopLevel top = new TopLevel();
            boolean atEvents = scanTopLevel(parser, top, true, seenKeys);
            if (atEvents && (top.versionToken == null || top.metadataToken == null)) {
                if (reopenable == null) {
                    throw new FormatException(JsonSupport.locate(base.atField(EVENTS), parser), "'events' comes before 'version' or 'metadata';"
                            + " such a document can be read from a file, which is scanned twice, not from a one-pass stream");
                }
                TopLevel full = new TopLevel();
                try (InputStream again = new Utf8CheckingInputStream(Files.newInputStream(reopenable), () -> base);
                        JsonParser ahead = JsonSupport.FACTORY.createParser(again)) {
                    scanTopLevel(ahead, full, false, new HashSet<>());
                }
                top = full;
                headerScannedAhead = true;
            } else {
                headerScannedAhead = false;
            }
            header = top.toHeader();
            inEvents = true;
        } catch (JsonProcessingException | CharConversionException e) {
            throw syntaxError(e);
        }
    }

    /**
     * Opens a file.
     *
     * @throws FormatException if the document is not a valid hespas stream up to its first event
     */
    public static HespasJsonReader open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return new HespasJsonReader(in, path.toString(), path);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads from a stream, which {@link #close()} closes. A document whose {@code events} precede its
     * {@code version} or {@code metadata} cannot be read this way; see the class comment.
     *
     * @param sourceName how error messages name the input
     */
    public static HespasJsonReader open(InputStream in, String sourceName) throws IOException {
        try {
            return new HespasJsonReader(in, sourceName, null);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public StreamHeader header() {
        return header;
    }

    @Override
    public CounterEvent next() throws IOException {
        if (!inEvents) {
            return null;
        }
        resumable = false;
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                inEvents = false;
                readEpilogue();
                return null;
            }
            eventConsumed = false;
            CounterEvent e;
            try {
                e = readEvent(t);
            } catch (FormatException x) {
                if (eventConsumed) { // the input goes on after this event: the next one can be read
                    index++;
                    resumable = true;
                }
                throw x;
            }
            index++;
            return e;
        } catch (JsonProcessingException | CharConversionException e) {
            throw syntaxError(e);
        }
    }

    /**
     * Whether the last {@link FormatException} of {@link #next()} concerned that one event (a missing field, a
     * value of the wrong type, an unknown field) and {@link #next()} can go on with the event after it; false
     * after malformed JSON, where nothing after the error can be trusted. Validators use it to report every
     * problem of a file.
     */
    public boolean canResume() {
        return resumable;
    }

    /** The number of events read so far. */
    public long eventsRead() {
        return index;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inEvents = false;
            try {
                parser.close();
            } finally {
                input.close();
            }
        }
    }

    private CounterEvent readEvent(JsonToken start) throws IOException {
        FormatException.Location at = base.atEvent(index);
        if (start != JsonToken.START_OBJECT) {
            if (start == null) {
                throw new FormatException(JsonSupport.locate(at, parser), "the input ends inside the 'events' list");
            }
            FormatException.Location startAt = JsonSupport.locate(at, parser);
            parser.skipChildren(); // an array: to its end, so that the next event can be read
            eventConsumed = true;
            throw new FormatException(startAt,
                    "CounterEvent.from_dict requires a dict as input, not '" + JsonSupport.pythonType(start) + "'");
        }
        FormatException.Location eventAt = JsonSupport.locate(at, parser);
        JsonToken nameToken = null;
        String name = null;
        FormatException.Location nameAt = null;
        JsonToken tsToken = null;
        long tsLong = 0;
        double tsDouble = 0;
        BigInteger tsBig = null;
        String tsText = null;
        FormatException.Location tsAt = null;
        JsonToken unitToken = null;
        String unit = null;
        FormatException.Location unitAt = null;
        JsonToken metaToken = null;
        Map<String, JsonValue> meta = null;
        FormatException.Location metaAt = null;
        String unknown = null;
        FormatException.Location unknownAt = null;

        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            switch (key) {
                case CounterEvent.EVENT_NAME:
                    nameToken = v;
                    nameAt = JsonSupport.locate(at, parser);
                    name = v == JsonToken.VALUE_STRING ? parser.getText() : skip();
                    break;
                case CounterEvent.TIMESTAMP:
                    tsToken = v;
                    tsAt = JsonSupport.locate(at, parser);
                    tsBig = null;
                    tsText = null;
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            tsBig = parser.getBigIntegerValue();
                        } else {
                            tsLong = parser.getLongValue();
                        }
                    } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
                        tsDouble = parser.getDoubleValue();
                    } else if (v == JsonToken.VALUE_STRING) {
                        tsText = parser.getText();
                    } else {
                        skip();
                    }
                    break;
                case CounterEvent.TIMEUNIT:
                    unitToken = v;
                    unitAt = JsonSupport.locate(at, parser);
                    unit = v == JsonToken.VALUE_STRING ? parser.getText() : skip();
                    break;
                case CounterEvent.METADATA:
                    metaToken = v;
                    metaAt = JsonSupport.locate(at, parser);
                    meta = v == JsonToken.START_OBJECT ? JsonSupport.readMembers(parser) : skipMembers();
                    break;
                default:
                    if (unknown == null) {
                        unknown = key;
                        unknownAt = JsonSupport.locate(at, parser);
                    }
                    skip();
            }
        }
        eventConsumed = true;

        // hespas's order: each field in turn present, then of its type; then unknown fields; then the timestamp.
        requireField(eventAt, CounterEvent.EVENT_NAME, nameToken, nameAt, "str", nameToken == JsonToken.VALUE_STRING);
        boolean tsTypeOk = tsToken == JsonToken.VALUE_STRING || tsToken == JsonToken.VALUE_NUMBER_INT
                || tsToken == JsonToken.VALUE_NUMBER_FLOAT;
        requireField(eventAt, CounterEvent.TIMESTAMP, tsToken, tsAt,
                "typing.Union[str, int, float]", tsTypeOk);
        requireField(eventAt, CounterEvent.TIMEUNIT, unitToken, unitAt, "str", unitToken == JsonToken.VALUE_STRING);
        requireField(eventAt, CounterEvent.METADATA, metaToken, metaAt, "dict", metaToken == JsonToken.START_OBJECT);
        if (unknown != null) {
            throw new FormatException(unknownAt.atField(unknown), "unexpected field '" + unknown
                    + "' in a CounterEvent (hespas: CounterEvent.__init__() got an unexpected keyword argument '"
                    + unknown + "')");
        }
        Timestamp ts;
        try {
            if (tsToken == JsonToken.VALUE_STRING) {
                ts = Timestamp.parse(tsText);
            } else if (tsToken == JsonToken.VALUE_NUMBER_FLOAT) {
                ts = Timestamp.of(tsDouble);
            } else if (tsBig != null) {
                ts = Timestamp.of(tsBig);
            } else {
                ts = Timestamp.of(tsLong);
            }
        } catch (IllegalArgumentException e) {
            throw new FormatException(tsAt.atField(CounterEvent.TIMESTAMP), e.getMessage(), e);
        }
        return new CounterEvent(name, ts, unit, meta);
    }

    private static void requireField(FormatException.Location eventAt, String field, JsonToken token,
            FormatException.Location valueAt, String wanted, boolean ok) throws FormatException {
        if (token == null) {
            throw new FormatException(eventAt.atField(field),
                    "Field '" + field + "' for CounterEvent is missing from input dictionary");
        }
        if (!ok) {
            throw new FormatException(valueAt.atField(field), "Field '" + field + "' requires type '" + wanted
                    + "', not '" + JsonSupport.pythonType(token) + "'");
        }
    }

    private String skip() throws IOException {
        parser.skipChildren();
        return null;
    }

    private Map<String, JsonValue> skipMembers() throws IOException {
        parser.skipChildren();
        return null;
    }

    /** After the events list: the remaining keys of the stream object, then nothing but white space. */
    private void readEpilogue() throws IOException {
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            FormatException.Location keyAt = JsonSupport.locate(base, parser).atField(key);
            if (!seenKeys.add(key)) {
                throw duplicateKey(keyAt, key);
            }
            parser.nextToken();
            parser.skipChildren();
            boolean known = VERSION.equals(key) || METADATA.equals(key);
            if (!(known && headerScannedAhead)) {
                throw unexpectedStreamField(keyAt, key);
            }
        }
        JsonToken extra = parser.nextToken();
        if (extra != null) {
            throw new FormatException(JsonSupport.locate(base, parser), "extra data after the stream object");
        }
    }

    /**
     * Reads the stream object's keys until the value of {@code events} (the parser is then on its first token
     * and true is returned) or, when {@code stopAtEvents} is false or there is no {@code events}, to the end.
     */
    private boolean scanTopLevel(JsonParser p, TopLevel top, boolean stopAtEvents, Set<String> seen) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new FormatException(JsonSupport.locate(base, p), "the input is empty: expected a hespas stream object");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new FormatException(JsonSupport.locate(base, p),
                    "CounterEventStream.from_dict requires a dict as input, not '" + JsonSupport.pythonType(t) + "'");
        }
        top.objectAt = JsonSupport.locate(base, p);
        boolean sawEvents = false;
        for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            FormatException.Location keyAt = JsonSupport.locate(base, p).atField(key);
            if (!seen.add(key)) {
                throw duplicateKey(keyAt, key);
            }
            JsonToken v = p.nextToken();
            FormatException.Location valueAt = JsonSupport.locate(base, p).atField(key);
            switch (key) {
                case VERSION:
                    top.versionToken = v;
                    top.versionAt = valueAt;
                    top.version = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                    break;
                case METADATA:
                    top.metadataToken = v;
                    top.metadataAt = valueAt;
                    if (v == JsonToken.START_OBJECT) {
                        top.metadata = JsonSupport.readMembers(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case EVENTS:
                    top.eventsToken = v;
                    top.eventsAt = valueAt;
                    sawEvents = true;
                    if (stopAtEvents) {
                        return true;
                    }
                    p.skipChildren();
                    break;
                default:
                    if (top.unknown == null) {
                        top.unknown = key;
                        top.unknownAt = keyAt;
                    }
                    p.skipChildren();
            }
        }
        if (!sawEvents && stopAtEvents) {
            top.toHeader(); // reports the missing field
        }
        return false;
    }

    private FormatException duplicateKey(FormatException.Location at, String key) {
        return new FormatException(at, "the key '" + key + "' appears twice in the stream object");
    }

    private static FormatException unexpectedStreamField(FormatException.Location at, String key) {
        return new FormatException(at, "unexpected field '" + key + "' in the stream object (hespas:"
                + " CounterEventStream.__init__() got an unexpected keyword argument '" + key + "')");
    }

    private FormatException syntaxError(IOException e) {
        FormatException.Location at = inEvents ? base.atEvent(index) : base;
        if (e instanceof JsonProcessingException j) {
            return JsonSupport.syntaxError(at, parser, j);
        }
        return new FormatException(at, "malformed JSON: " + e.getMessage(), e);
    }

    /** The stream object's own fields, checked in hespas's order. */
    private final class TopLevel {
        FormatException.Location objectAt;
        JsonToken versionToken;
        String version;
        FormatException.Location versionAt;
        JsonToken metadataToken;
        Map<String, JsonValue> metadata;
        FormatException.Location metadataAt;
        JsonToken eventsToken;
        FormatException.Location eventsAt;
        String unknown;
        FormatException.Location unknownAt;

        StreamHeader toHeader() throws FormatException {
            check(VERSION, versionToken, versionAt, "str", JsonToken.VALUE_STRING);
            check(METADATA, metadataToken, metadataAt, "dict", JsonToken.START_OBJECT);
            check(EVENTS, eventsToken, eventsAt, "list", JsonToken.START_ARRAY);
            if (unknown != null) {
                throw unexpectedStreamField(unknownAt, unknown);
            }
            try {
                return new StreamHeader(version, metadata);
            } catch (IllegalArgumentException e) {
                throw new FormatException(versionAt, e.getMessage(), e);
            }
        }

        private void check(String field, JsonToken token, FormatException.Location at, String wanted, JsonToken expected)
                throws FormatException {
            if (token == null) {
                throw new FormatException(objectAt.atField(field),
                        "Field '" + field + "' for CounterEventStream is missing from input dictionary");
            }
            if (token != expected) {
                throw new FormatException(at, "Field '" + field + "' requires type '" + wanted + "', not '"
                        + JsonSupport.pythonType(token) + "'");
            }
        }
    }
}
