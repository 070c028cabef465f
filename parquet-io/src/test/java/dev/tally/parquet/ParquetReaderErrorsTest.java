package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetReaderErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aFileThatIsNotParquetSaysSo() throws Exception {
        Path json = Files.writeString(tmp.resolve("t.parquet"), "{\"version\": \"0.0.1\"}");
        FormatException e = assertThrows(FormatException.class, () -> ParquetEventReader.open(json));
        assertTrue(e.getMessage().contains("not a Parquet file"), e.getMessage());
    }

    @Test
    void anExtraColumnAfterTheMapIsNamedItself() {
        org.apache.parquet.schema.MessageType layout = ParquetLayout.schema(new dev.tally.core.columnar.MetadataPlan(List.of()));
        List<org.apache.parquet.schema.Type> fields = new java.util.ArrayList<>(layout.getFields());
        fields.add(org.apache.parquet.schema.Types.optional(
                org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64).named("extra"));
        org.apache.parquet.schema.MessageType withExtra = new org.apache.parquet.schema.MessageType("counter_event", fields);
        FormatException e = assertThrows(FormatException.class, () -> ParquetLayout.parse(withExtra,
                ParquetLayout.keyValueMetadata(StreamHeader.empty()), FormatException.Location.UNKNOWN.inSource("x")));
        assertTrue(e.getMessage().contains("'extra'") && e.getMessage().contains("column is not part of layout version 1"),
                e.getMessage());
    }

    @Test
    void aFileCutBeforeItsFooterIsReportedAsSuch() throws Exception {
        Path full = tmp.resolve("full.parquet");
        try (EventReader in = SampleTrace.of(5_000).reader()) {
            ParquetEventWriter.builder().open(full, in.header()).writeAllAndClose(in);
        }
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.parquet");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        FormatException e = assertThrows(FormatException.class, () -> ParquetEventReader.open(cut));
        assertTrue(e.getMessage().contains("without its footer"), e.getMessage());
        assertTrue(e.getMessage().contains("write it again from its source"), e.getMessage());
        assertEquals(bytes.length / 2, e.location().byteOffset());
    }

    @Test
    void valuesOfEveryKindAndIntegersBeyondDoublesComeBackExactly() throws Exception {
        List<CounterEvent> events = List.of(
                new CounterEvent("a", Timestamp.of(9_007_199_254_740_993L), "cycles",
                        Map.of("n", JsonValue.of(1), "f", JsonValue.of(2.0), "b", JsonValue.TRUE, "s", JsonValue.of("x\uD800"))),
                new CounterEvent("a", Timestamp.of(Double.NaN), "", Map.of("n", JsonValue.of(2.5))),
                new CounterEvent("b", Timestamp.of(-0.5), "", Map.of()),
                new CounterEvent("b", Timestamp.of(Long.MIN_VALUE), "", Map.of("n", JsonValue.NULL)));
        Path file = tmp.resolve("kinds.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().open(file, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
            FormatException e = assertThrows(FormatException.class, () -> w.write(new CounterEvent("\uDC00", Timestamp.of(1))));
            assertEquals(new FormatException.Location(file.toString(), 4, "event_name", -1, -1, -1), e.location());
        }
        try (ParquetEventReader r = ParquetEventReader.open(file)) {
            assertEquals(events, r.readAll().events());
        }
    }

    @Test
    void aFlippedByteAnywhereGivesAFormatErrorOrTheTrueEventsNeverOthers() throws Exception {
        Path full = tmp.resolve("full.parquet");
        dev.tally.core.CounterEventStream expected;
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            expected = in.readAll();
        }
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            ParquetEventWriter.builder().open(full, in.header()).writeAllAndClose(in);
        }
        byte[] bytes = Files.readAllBytes(full);
        int detected = 0;
        for (int at = 0; at < bytes.length; at += 37) {
            byte[] broken = bytes.clone();
            broken[at] ^= 0x10;
            Path bad = tmp.resolve("bad.parquet");
            Files.write(bad, broken);
            try (ParquetEventReader r = ParquetEventReader.open(bad)) {
                // Page CRCs guard the values and a CRC in the footer guards the header: what reads is true.
                assertEquals(expected, r.readAll(), "flip at " + at);
            } catch (FormatException e) {
                detected++;
            }
        }
        assertTrue(detected > bytes.length / 37 / 2, "detected " + detected);
    }

    @Test
    void aDamagedHeaderInTheFooterIsRefused() throws Exception {
        Path file = tmp.resolve("h.parquet");
        try (EventReader in = SampleTrace.of(10).reader()) {
            ParquetEventWriter.builder().open(file, in.header()).writeAllAndClose(in);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf("tally-sample");
        assertTrue(at > 0);
        bytes[at] = 'T';
        Files.write(file, bytes);
        FormatException e = assertThrows(FormatException.class, () -> ParquetEventReader.open(file));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aCorruptRowGroupCanBeSkippedAndTheNextOnesRead() throws Exception {
        Path file = tmp.resolve("groups.parquet");
        List<CounterEvent> all;
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            all = in.readAll().events();
        }
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            ParquetEventWriter.builder().rowGroupRows(1_000).open(file, in.header()).writeAllAndClose(in);
        }
        long start;
        long length;
        try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            var names = f.getRowGroups().get(1).getColumns().get(0); // event_name of the middle group
            start = names.getStartingPos();
            length = names.getTotalSize();
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(start + length - 8);
            f.write(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        }
        try (ParquetEventReader r = ParquetEventReader.open(file)) {
            for (int i = 0; i < 1_000; i++) {
                assertEquals(all.get(i), r.next());
            }
            FormatException bad = assertThrows(FormatException.class, r::next);
            assertTrue(bad.getMessage().contains("event 1000"), bad.getMessage());
            assertTrue(r.skipRowGroup());
            for (int i = 2_000; i < 3_000; i++) {
                assertEquals(all.get(i), r.next(), "event " + i);
            }
            assertEquals(null, r.next());
            assertTrue(!r.skipRowGroup(), "no row group after the last");
        }
        try (ParquetEventReader filtered = ParquetEventReader.open(file, dev.tally.core.EventFilter.names(
                java.util.Set.of("x")))) {
            assertTrue(!filtered.skipRowGroup(), "filtered reads cannot skip");
        }
    }

    /**
     * A row group whose name dictionary page is corrupt but carries a matching CRC (so parquet-java reads the group
     * and the failure comes while decoding it): skipping it goes on with the very next group.
     */
    @Test
    void aRowGroupFailingAfterItWasReadIsSkippedAloneNotWithTheNextOne() throws Exception {
        Path file = tmp.resolve("dict.parquet");
        List<CounterEvent> all;
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            all = in.readAll().events();
        }
        try (EventReader in = SampleTrace.of(3_000).reader()) {
            ParquetEventWriter.builder().codec(ParquetCodec.NONE).rowGroupRows(1_000).open(file, in.header())
                    .writeAllAndClose(in);
        }
        long dictionaryAt;
        try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            var names = f.getRowGroups().get(1).getColumns().get(0);
            assertTrue(names.hasDictionaryPage());
            dictionaryAt = names.getStartingPos();
        }
        byte[] bytes = Files.readAllBytes(file);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes, (int) dictionaryAt,
                bytes.length - (int) dictionaryAt);
        org.apache.parquet.format.PageHeader header = org.apache.parquet.format.Util.readPageHeader(in);
        int headerLength = bytes.length - (int) dictionaryAt - in.available();
        int body = (int) dictionaryAt + headerLength;
        assertEquals(org.apache.parquet.format.PageType.DICTIONARY_PAGE, header.getType());
        // The first entry's length made impossible, then the CRC made to match again.
        java.nio.ByteBuffer.wrap(bytes, body, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(body, 0x7fff_fff0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, body, header.getCompressed_page_size());
        header.setCrc((int) crc.getValue());
        java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream();
        org.apache.parquet.format.Util.writePageHeader(header, rewritten);
        org.junit.jupiter.api.Assumptions.assumeTrue(rewritten.size() == headerLength, "the CRC's varint changed length");
        System.arraycopy(rewritten.toByteArray(), 0, bytes, (int) dictionaryAt, headerLength);
        Files.write(file, bytes);

        try (ParquetEventReader r = ParquetEventReader.open(file)) {
            for (int i = 0; i < 1_000; i++) {
                assertEquals(all.get(i), r.next());
            }
            FormatException bad = assertThrows(FormatException.class, r::next);
            assertTrue(bad.getMessage().contains("event 1000"), bad.getMessage());
            assertTrue(r.skipRowGroup());
            for (int i = 2_000; i < 3_000; i++) {
                assertEquals(all.get(i), r.next(), "event " + i);
            }
            assertEquals(null, r.next());
        }
    }
}
