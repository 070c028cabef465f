package dev.tally.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson set up to read and write JSON as Python's json module does, and the conversion of JSON values.
 *
 * <ul>
 *   <li>{@code NaN}, {@code Infinity} and {@code -Infinity} are bare tokens, read and written;
 *   <li>non-ASCII characters are written as {@code \\uXXXX} escapes, as Python's {@code ensure_ascii} default
 *       does, so the file reads in any locale (and lone surrogates survive);
 *   <li>integers are read at any size up to Python's limit of 4300 digits; nesting up to 1000 levels, Python's
 *       recursion limit; floats and strings of any length, as Python reads them (they cost memory in proportion
 *       to the input). Over a limit, the error says what Python's says;
 *   <li>duplicate keys: the last value wins at the first key's position, as in a Python dict.
 * </ul>
 */
final class JsonSupport {
    /** Python's default limit on the digits of an int converted from a string. */
    static final int MAX_NUMBER_LENGTH = 4300;
    /** Python's default recursion limit, which bounds how deep its json module nests. */
    static final int MAX_NESTING_DEPTH = 1000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .streamReadConstraints(new PythonLimits())
            .build();

    /**
     * Python's limits, with Python's words. Jackson has one limit for the length of every number; Python limits
     * the digits of an int alone and reads a float of any length, so the two are told apart here.
     */
    private static final class PythonLimits extends StreamReadConstraints {
        private static final long serialVersionUID = 1L;

        PythonLimits() {
            super(MAX_NESTING_DEPTH, -1L, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1L);
        }

        @Override
        public void validateIntegerLength(int digits) throws StreamConstraintsException {
            if (digits > MAX_NUMBER_LENGTH) {
                throw new StreamConstraintsException("Exceeds the limit (" + MAX_NUMBER_LENGTH
                        + " digits) for integer string conversion: value has " + digits
                        + " digits (Python's limit, sys.set_int_max_str_digits())");
            }
        }

        @Override
        public void validateNestingDepth(int depth) throws StreamConstraintsException {
            if (depth > MAX_NESTING_DEPTH) {
                throw new StreamConstraintsException("maximum recursion depth exceeded: the values nest more than "
                        + MAX_NESTING_DEPTH + " deep (Python's recursion limit)");
            }
        }
    }

    private JsonSupport() {
    }

    /** Reads the value whose first token is the parser's current token; leaves the parser on its last token. */
    static JsonValue readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return new JsonValue.ObjectValue(readMembers(p));
            case START_ARRAY: {
                List<JsonValue> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(readValue(p));
                }
                return new JsonValue.ArrayValue(list);
            }
            case VALUE_STRING:
                return JsonValue.of(p.getText());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? JsonValue.of(p.getBigIntegerValue()) : JsonValue.of(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return JsonValue.of(p.getDoubleValue());
            case VALUE_TRUE:
                return JsonValue.TRUE;
            case VALUE_FALSE:
                return JsonValue.FALSE;
            case VALUE_NULL:
                return JsonValue.NULL;
            default:
                throw new IllegalStateException("not a value token: " + t);
        }
    }

    /** Reads the members of the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    static Map<String, JsonValue> readMembers(JsonParser p) throws IOException {
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            p.nextToken();
            members.put(key, readValue(p));
        }
        return members;
    }

    static void writeValue(JsonGenerator g, JsonValue v) throws IOException {
        if (v instanceof JsonValue.StringValue s) {
            g.writeString(s.value());
        } else if (v instanceof JsonValue.IntValue i) {
            g.writeNumber(i.value());
        } else if (v instanceof JsonValue.FloatValue f) {
            g.writeNumber(f.value());
        } else if (v instanceof JsonValue.ObjectValue o) {
            writeMembers(g, o.members());
        } else if (v instanceof JsonValue.ArrayValue a) {
            g.writeStartArray();
            for (JsonValue e : a.values()) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof JsonValue.BoolValue b) {
            g.writeBoolean(b.value());
        } else if (v instanceof JsonValue.BigIntValue b) {
            g.writeNumber(b.value());
        } else {
            g.writeNull();
        }
    }

    /** An event as the hespas writer writes it: name, timestamp, unit, metadata. */
    static void writeEvent(JsonGenerator g, CounterEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField(CounterEvent.EVENT_NAME, event.eventName());
        g.writeFieldName(CounterEvent.TIMESTAMP);
        Timestamp ts = event.timestamp();
        if (ts instanceof Timestamp.IntTimestamp i) {
            g.writeNumber(i.value());
        } else {
            g.writeNumber(ts.doubleValue());
        }
        g.writeStringField(CounterEvent.TIMEUNIT, event.timeUnit());
        g.writeFieldName(CounterEvent.METADATA);
        writeMembers(g, event.metadata());
        g.writeEndObject();
    }

    static void writeMembers(JsonGenerator g, Map<String, JsonValue> members) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, JsonValue> e : members.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** The Python type name of the value starting at token {@code t}, as hespas's messages use. */
    static String pythonType(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "dict";
            case START_ARRAY:
                return "list";
            case VALUE_STRING:
                return "str";
            case VALUE_NUMBER_INT:
                return "int";
            case VALUE_NUMBER_FLOAT:
                return "float";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "bool";
            default:
                return "NoneType";
        }
    }

    /** The location of the parser's current token. */
    static FormatException.Location locate(FormatException.Location base, JsonParser p) {
        return at(base, p.currentTokenLocation());
    }

    static FormatException.Location at(FormatException.Location base, JsonLocation l) {
        return l == null ? base : base.atText(l.getLineNr(), l.getColumnNr(), l.getByteOffset());
    }

    /**
     * A parse failure as one line: a limit of Python's that the input passes, in Python's words, or malformed
     * JSON, in Jackson's. Placed where Jackson says, or else where the parser stopped.
     */
    static FormatException syntaxError(FormatException.Location base, JsonParser p, JsonProcessingException e) {
        FormatException.Location at = at(base, e.getLocation() != null ? e.getLocation()
                : p == null ? null : p.currentLocation());
        String what = e instanceof StreamConstraintsException ? "" : "malformed JSON: ";
        return new FormatException(at, what + e.getOriginalMessage(), e);
    }
}
