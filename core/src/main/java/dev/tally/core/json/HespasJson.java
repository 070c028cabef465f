package dev.tally.core.json;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.StringWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Whole hespas JSON documents held in memory, the counterparts of hespas's {@code from_json}, {@code to_json},
 * {@code from_json_str} and {@code to_json_str}. For large streams use {@link HespasJsonReader} and
 * {@link HespasJsonWriter}.
 */
public final class HespasJson {
    private HespasJson() {
    }

    /** Reads a whole file. */
    public static CounterEventStream read(Path path) throws IOException {
        try (HespasJsonReader r = HespasJsonReader.open(path)) {
            return r.readAll();
        }
    }

    /** Parses a whole document. */
    public static CounterEventStream parse(String json) throws FormatException {
        try (HespasJsonReader r = HespasJsonReader.open(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "<string>")) {
            return r.readAll();
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no I/O happens on a byte array
        }
    }

    /** Writes a whole stream to a file, replacing it. */
    public static void write(CounterEventStream stream, Path path) throws IOException {
        try (HespasJsonWriter w = HespasJsonWriter.open(path, stream.header())) {
            for (CounterEvent e : stream.events()) {
                w.write(e);
            }
        }
    }

    /**
     * Parses one JSON value as Python's json module reads it (NaN and the infinities as bare tokens, integers of
     * any size, floats kept apart from integers).
     */
    public static JsonValue parseValue(String json) throws FormatException {
        try (JsonParser p = JsonSupport.FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new FormatException(FormatException.Location.UNKNOWN, "empty JSON text");
            }
            JsonValue v = JsonSupport.readValue(p);
            if (p.nextToken() != null) {
                throw new FormatException(JsonSupport.locate(FormatException.Location.UNKNOWN, p), "extra data after the value");
            }
            return v;
        } catch (FormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw JsonSupport.syntaxError(FormatException.Location.UNKNOWN, null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no I/O happens on a string
        }
    }

    /** One JSON value as text, written as the hespas writer writes values. */
    public static String toJson(JsonValue value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(text)) {
            JsonSupport.writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The stream as a JSON document. */
    public static String toJson(CounterEventStream stream) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (HespasJsonWriter w = HespasJsonWriter.open(bytes, stream.header())) {
            for (CounterEvent e : stream.events()) {
                w.write(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
