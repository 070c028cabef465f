package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that are not strict UTF-8 in any string of an Arrow file (a name, a unit, a key, a value, a dictionary entry)
 * are refused in one line naming the event or dictionary entry, the column and the byte, never turned into other
 * text. The files are rewritten by Arrow Java without tally's checksums (as another tool would write them), so the
 * UTF-8 check alone stands between the bytes and the events.
 */
class ArrowInvalidUtf8Test extends AllocatorTest {
    /** Four ASCII bytes in the written file that are then replaced. */
    private static final byte[] MARK = "@@@@".getBytes(StandardCharsets.US_ASCII);

    /** Overlong '/', an encoded surrogate, above U+10FFFF, an invalid start byte, a cut sequence; padded to four bytes. */
    private static final Map<String, String> PYTHON_SAYS = new LinkedHashMap<>();

    static {
        PYTHON_SAYS.put("xxc0af", "can't decode byte 0xc0 in position 3: invalid start byte");
        PYTHON_SAYS.put("xeda080", "can't decode byte 0xed in position 2: invalid continuation byte");
        PYTHON_SAYS.put("f4908080", "can't decode byte 0xf4 in position 1: invalid continuation byte");
        PYTHON_SAYS.put("f5808080", "can't decode byte 0xf5 in position 1: invalid start byte");
        PYTHON_SAYS.put("xxe282", "can't decode bytes in position 3-4: unexpected end of data");
    }

    static byte[] bytes(String spec) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < spec.length(); ) {
            if (spec.charAt(i) == 'x') {
                b.write('x');
                i++;
            } else {
                b.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return b.toByteArray();
    }

    /** A tally stream with the mark in {@code where}, rewritten by Arrow Java with {@code bad} in its place. */
    byte[] craft(String where, byte[] bad) throws Exception {
        Map<String, JsonValue> meta = new LinkedHashMap<>();
        meta.put("s", JsonValue.of("plain"));
        meta.put("k", JsonValue.of("v"));
        String name = "n";
        String unit = "ns";
        switch (where) {
            case "event_name" -> name = "n@@@@";
            case "timeunit" -> unit = "u@@@@";
            case "typed" -> meta.put("s", JsonValue.of("s@@@@"));
            case "key" -> {
                meta.remove("k");
                meta.put("k@@@@", JsonValue.of(1));
            }
            case "value" -> meta.put("k", JsonValue.of("v@@@@"));
            default -> throw new IllegalArgumentException(where);
        }
        Path src = tmp.resolve(where + ".arrows");
        Files.deleteIfExists(src);
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("s", MetadataKind.STRING)));
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(ArrowForm.STREAM).codec(ArrowCodec.NONE)
                .metadataPlan(plan).allocator(allocator).open(src, StreamHeader.empty())) {
            w.write(new CounterEvent("first", Timestamp.of(0), "ns", Map.of()));
            w.write(new CounterEvent(name, Timestamp.of(1), unit, meta));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamReader r = new ArrowStreamReader(Files.newInputStream(src), allocator)) {
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            assertTrue(r.loadNextBatch());
            int patched = 0;
            for (Dictionary d : r.getDictionaryVectors().values()) {
                patched += patch((VarCharVector) d.getVector(), bad);
            }
            for (FieldVector v : root.getFieldVectors()) {
                patched += patchAll(v, bad);
            }
            assertEquals(1, patched, where);
            Map<String, String> kv = new HashMap<>(root.getSchema().getCustomMetadata());
            kv.remove(IpcChecksums.SCHEMA_KEY);
            kv.remove(IpcChecksums.SCHEMA_CRC_KEY);
            VectorSchemaRoot plain = new VectorSchemaRoot(new Schema(root.getSchema().getFields(), kv),
                    root.getFieldVectors(), root.getRowCount());
            try (ArrowStreamWriter w = new ArrowStreamWriter(plain, r, Channels.newChannel(out))) {
                w.start();
                w.writeBatch();
                w.end();
            }
        }
        return out.toByteArray();
    }

    private static int patchAll(FieldVector v, byte[] bad) {
        int n = v instanceof VarCharVector c ? patch(c, bad) : 0;
        for (FieldVector child : v.getChildrenFromFields()) {
            n += patchAll(child, bad);
        }
        return n;
    }

    /** Replaces the mark in the vector's data: how many times. */
    private static int patch(VarCharVector v, byte[] bad) {
        ArrowBuf data = v.getDataBuffer();
        long end = v.getValueCount() == 0 ? 0 : v.getEndOffset(v.getValueCount() - 1);
        int n = 0;
        for (long i = 0; i + MARK.length <= end; i++) {
            boolean match = true;
            for (int j = 0; j < MARK.length && match; j++) {
                match = data.getByte(i + j) == MARK[j];
            }
            if (match) {
                data.setBytes(i, bad);
                n++;
            }
        }
        return n;
    }

    private FormatException readFails(byte[] file) {
        return assertThrows(FormatException.class, () -> {
            try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(file), allocator)) {
                r.readAll();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_name", "timeunit"})
    void aDictionaryEntryThatIsNotUtf8IsRefusedNamingColumnEntryAndByte(String column) throws Exception {
        for (Map.Entry<String, String> c : PYTHON_SAYS.entrySet()) {
            FormatException e = readFails(craft(column, bytes(c.getKey())));
            assertEquals(column, e.location().field(), e.getMessage());
            assertEquals("dictionary entry 1: invalid UTF-8: 'utf-8' codec " + c.getValue(), e.reason(), c.getKey());
            assertTrue(e.location().byteOffset() > 0, e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"typed", "key", "value"})
    void aMetadataStringThatIsNotUtf8IsRefusedNamingEventColumnAndByte(String where) throws Exception {
        String column = where.equals("typed") ? "metadata_s" : "metadata";
        int shift = where.equals("value") ? 1 : 0; // the value is JSON text: its quote comes first
        for (Map.Entry<String, String> c : PYTHON_SAYS.entrySet()) {
            FormatException e = readFails(craft(where, bytes(c.getKey())));
            assertEquals(1, e.location().eventIndex(), e.getMessage());
            assertEquals(column, e.location().field(), e.getMessage());
            assertEquals("invalid UTF-8: 'utf-8' codec " + shifted(c.getValue(), shift), e.reason(), c.getKey());
        }
    }

    /** The message for the value's JSON text: one byte further, and a cut sequence is followed by the quote. */
    private static String shifted(String message, int by) {
        if (by == 0) {
            return message;
        }
        message = message.replace("unexpected end of data", "invalid continuation byte");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("position (\\d+)(-(\\d+))?").matcher(message);
        assertTrue(m.find());
        String to = m.group(3) == null ? "" : "-" + (Integer.parseInt(m.group(3)) + by);
        return message.substring(0, m.start()) + "position " + (Integer.parseInt(m.group(1)) + by) + to
                + message.substring(m.end());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream metadata", "column name"})
    void aSchemaStringThatIsNotUtf8IsRefused(String where) throws Exception {
        Path src = tmp.resolve("schema.arrows");
        byte[] mark = (where.equals("column name") ? "ZZZZ" : "@@@@").getBytes(StandardCharsets.US_ASCII);
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn(where.equals("column name") ? "sZZZZ" : "s",
                MetadataKind.STRING)));
        StreamHeader header = StreamHeader.of(Map.of("m", where.equals("stream metadata") ? "@@@@" : "x"));
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(ArrowForm.STREAM).codec(ArrowCodec.NONE)
                .metadataPlan(plan).allocator(allocator).open(src, header)) {
            w.write(new CounterEvent("n", Timestamp.of(1), "ns", Map.of()));
        }
        for (Map.Entry<String, String> c : PYTHON_SAYS.entrySet()) {
            byte[] file = Files.readAllBytes(src);
            byte[] bad = bytes(c.getKey());
            int marks = 0;
            for (int at = indexOf(file, mark); at >= 0; at = indexOf(file, mark)) {
                System.arraycopy(bad, 0, file, at, bad.length); // the column's name and its key in its metadata
                marks++;
            }
            assertTrue(marks > 0, where);
            FormatException e = readFails(file); // Arrow Java's flatbuffers decoding refuses it, never another text
            assertTrue(e.getMessage().contains("Invalid UTF-8"), e.getMessage());
        }
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @org.junit.jupiter.api.Test
    void theSameFileWithTheMarkReadsExactly() throws Exception {
        byte[] file = craft("event_name", MARK);
        List<CounterEvent> events = new ArrayList<>();
        try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(file), allocator)) {
            events.addAll(r.readAll().events());
        }
        assertEquals("n@@@@", events.get(1).eventName());
    }
}
