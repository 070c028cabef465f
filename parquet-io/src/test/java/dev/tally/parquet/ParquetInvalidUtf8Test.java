package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that are not strict UTF-8 in any string of a Parquet file (a name, a unit, a key, a value, a dictionary
 * entry, the footer's names and metadata) are refused in one line naming the event, the column and the byte, never
 * turned into other text. The values are patched into the pages, whose CRCs are then made to match again, so the
 * UTF-8 check alone stands between the bytes and the events.
 */
class ParquetInvalidUtf8Test {
    @TempDir
    Path tmp;

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

    /** A file with the mark in {@code where}: in one of its second event's strings. */
    Path write(String where) throws Exception {
        Map<String, JsonValue> meta = new LinkedHashMap<>();
        meta.put("s", JsonValue.of("plain"));
        meta.put("k", JsonValue.of("v"));
        String name = "n";
        String unit = "ns";
        switch (where) {
            case "event_name" -> name = "n@@@@";
            case "timeunit" -> unit = "u@@@@";
            case "metadata_s" -> meta.put("s", JsonValue.of("s@@@@"));
            case "metadata.key_value.key" -> {
                meta.remove("k");
                meta.put("k@@@@", JsonValue.of(1));
            }
            case "metadata.key_value.value" -> meta.put("k", JsonValue.of("v@@@@"));
            default -> throw new IllegalArgumentException(where);
        }
        Path f = tmp.resolve(where + ".parquet");
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("s", MetadataKind.STRING)));
        try (ParquetEventWriter w = ParquetEventWriter.builder().codec(ParquetCodec.NONE).metadataPlan(plan)
                .open(f, StreamHeader.empty())) {
            w.write(new CounterEvent("first", Timestamp.of(0), "ns", Map.of()));
            w.write(new CounterEvent(name, Timestamp.of(1), unit, meta));
        }
        return f;
    }

    /** A copy of {@code f} with {@code bad} in place of the mark in every page that holds it, its CRC made right. */
    Path patched(Path f, byte[] bad) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        int pages = 0;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            for (BlockMetaData b : r.getRowGroups()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    long pos = c.getStartingPos();
                    long end = pos + c.getTotalSize();
                    while (pos < end) {
                        ByteArrayInputStream in = new ByteArrayInputStream(bytes, (int) pos, bytes.length - (int) pos);
                        PageHeader h = Util.readPageHeader(in);
                        int headerLength = bytes.length - (int) pos - in.available();
                        int body = (int) pos + headerLength;
                        int size = h.getCompressed_page_size();
                        boolean found = false;
                        for (int i = body; i + MARK.length <= body + size; i++) {
                            if (java.util.Arrays.equals(bytes, i, i + MARK.length, MARK, 0, MARK.length)) {
                                System.arraycopy(bad, 0, bytes, i, bad.length);
                                found = true;
                            }
                        }
                        if (found) {
                            CRC32 crc = new CRC32();
                            crc.update(bytes, body, size);
                            h.setCrc((int) crc.getValue());
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            Util.writePageHeader(h, out);
                            assertEquals(headerLength, out.size(), "a page header of the same length");
                            System.arraycopy(out.toByteArray(), 0, bytes, (int) pos, headerLength);
                            pages++;
                        }
                        pos = body + size;
                    }
                }
            }
        }
        assertEquals(1, pages, f.toString());
        return Files.write(tmp.resolve("patched-" + f.getFileName()), bytes);
    }

    private static List<CounterEvent> read(Path f, EventFilter filter) throws Exception {
        try (ParquetEventReader r = ParquetEventReader.open(f, filter)) {
            return r.readAll().events();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_name", "timeunit", "metadata_s", "metadata.key_value.key",
            "metadata.key_value.value"})
    void aStringThatIsNotUtf8IsRefusedNamingEventColumnAndByte(String column) throws Exception {
        Path f = write(column);
        assertEquals(2, read(f, EventFilter.ALL).size()); // the mark alone reads
        int shift = column.endsWith(".value") ? 1 : 0; // the value is JSON text: its quote comes first
        for (Map.Entry<String, String> c : PYTHON_SAYS.entrySet()) {
            Path bad = patched(f, bytes(c.getKey()));
            String says = shifted(c.getValue(), shift);
            for (EventFilter filter : new EventFilter[] {EventFilter.ALL, EventFilter.timeRange(0L, 10L)}) {
                FormatException e = assertThrows(FormatException.class, () -> read(bad, filter));
                assertEquals(1, e.location().eventIndex(), e.getMessage());
                assertEquals(bad.toString(), e.location().source());
                // filtered reads go through parquet-java's records, whose map is one column
                String named = filter == EventFilter.ALL || !column.startsWith("metadata.") ? column : "metadata";
                assertEquals("column " + named + ": invalid UTF-8: 'utf-8' codec " + says, e.reason(),
                        c.getKey() + " " + filter);
            }
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
    void aFooterStringThatIsNotUtf8IsRefused(String where) throws Exception {
        byte[] mark = (where.equals("column name") ? "ZZZZ" : "@@@@").getBytes(StandardCharsets.US_ASCII);
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn(where.equals("column name") ? "sZZZZ" : "s",
                MetadataKind.STRING)));
        StreamHeader header = StreamHeader.of(Map.of("m", where.equals("stream metadata") ? "@@@@" : "x"));
        Path f = tmp.resolve("footer.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().codec(ParquetCodec.NONE).metadataPlan(plan)
                .open(f, header)) {
            w.write(new CounterEvent("n", Timestamp.of(1), "ns", Map.of()));
        }
        byte[] good = Files.readAllBytes(f);
        for (Map.Entry<String, String> c : PYTHON_SAYS.entrySet()) {
            byte[] file = good.clone();
            byte[] bad = bytes(c.getKey());
            int marks = 0;
            for (int i = 0; i + mark.length <= file.length; i++) {
                if (java.util.Arrays.equals(file, i, i + mark.length, mark, 0, mark.length)) {
                    System.arraycopy(bad, 0, file, i, bad.length); // in the footer only: no page holds it
                    marks++;
                }
            }
            assertTrue(marks > 0, where);
            Path damaged = Files.write(tmp.resolve("damaged.parquet"), file);
            FormatException e = assertThrows(FormatException.class, () -> read(damaged, EventFilter.ALL));
            // positions count in the whole string, and a cut sequence is followed by more of it
            String reason = c.getValue().substring(c.getValue().lastIndexOf(':'))
                    .replace("unexpected end of data", "(unexpected end of data|invalid continuation byte)");
            assertTrue(e.getMessage().matches(".*: not a readable Parquet file \\(can not read the footer: the string at"
                    + " byte \\d+ of the footer: invalid UTF-8: 'utf-8' codec can't decode .*" + reason + "\\)"),
                    e.getMessage());
        }
    }
}
