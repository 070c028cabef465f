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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page writer's own rules: dictionary fallback, pages that end at row ends, refused events leaving no trace. */
class ParquetPagesTest {
    @TempDir
    Path tmp;

    private static List<CounterEvent> readAll(Path f) throws Exception {
        try (ParquetEventReader r = ParquetEventReader.open(f)) {
            return r.readAll().events();
        }
    }

    private static Set<Encoding> encodings(Path f, String column) throws Exception {
        Set<Encoding> all = EnumSet.noneOf(Encoding.class);
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            for (var b : r.getFooter().getBlocks()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    if (c.getPath().toDotString().equals(column)) {
                        all.addAll(c.getEncodings());
                    }
                }
            }
        }
        return all;
    }

    private static void write(Path f, List<CounterEvent> events, ParquetEventWriter.Builder b) throws Exception {
        try (ParquetEventWriter w = b.open(f, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
    }

    @Test
    void namesBeyondTheDictionaryLimitSwitchToPlainPagesAndStillComeBackAndFilter() throws Exception {
        List<CounterEvent> events = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            // 60,000 distinct names of ~40 bytes: past the 1 MiB dictionary within the row group.
            String name = String.format("kernel-%08d-%s", i % 50_000, "x".repeat(24));
            events.add(new CounterEvent(name, Timestamp.of(i), "ns", Map.of("n", new JsonValue.IntValue(i))));
        }
        for (boolean legacy : new boolean[] {false, true}) {
            Path f = tmp.resolve("names-" + legacy + ".parquet");
            write(f, events, ParquetEventWriter.builder().legacyPages(legacy));
            assertEquals(events, readAll(f));
            Set<Encoding> used = encodings(f, "event_name");
            assertTrue(used.contains(Encoding.PLAIN), used.toString());
            assertTrue(used.contains(legacy ? ColumnChunk.V1_DICTIONARY : Encoding.RLE_DICTIONARY), used.toString());
            // Page statistics of both kinds of page let a name filter find every event of the name.
            String wanted = events.get(49_999).eventName();
            try (ParquetEventReader r = ParquetEventReader.open(f, EventFilter.names(Set.of(wanted)))) {
                List<CounterEvent> got = r.readAll().events();
                assertEquals(List.of(events.get(49_999)), got);
            }
            String early = events.get(7).eventName();
            try (ParquetEventReader r = ParquetEventReader.open(f, EventFilter.names(Set.of(early)))) {
                assertEquals(List.of(events.get(7), events.get(50_007)), r.readAll().events());
            }
        }
    }

    @Test
    void theColumnReaderAndParquetJavasRecordReaderGiveTheSameEvents() throws Exception {
        dev.tally.core.sample.SampleTrace trace = dev.tally.core.sample.SampleTrace.of(40_000,
                dev.tally.core.sample.SampleTrace.Shape.FLOAT, 9, dev.tally.core.sample.SampleTrace.Values.VARYING);
        List<CounterEvent> events = trace.reader().readAll().events();
        java.util.Set<String> allNames = new java.util.HashSet<>();
        events.forEach(e -> allNames.add(e.eventName()));
        for (boolean legacy : new boolean[] {false, true}) {
            Path f = tmp.resolve("both-" + legacy + ".parquet");
            write(f, events, ParquetEventWriter.builder().legacyPages(legacy).rowGroupRows(15_000));
            assertEquals(events, readAll(f)); // the column reader: a full read
            // A filter keeping every name takes parquet-java's record reader.
            try (ParquetEventReader r = ParquetEventReader.open(f, EventFilter.names(allNames))) {
                assertEquals(events, r.readAll().events());
            }
        }
    }

    @Test
    void numericMetadataPastItsDictionaryFallsBackToDeltaAndSplitPagesExactly() throws Exception {
        List<CounterEvent> events = new ArrayList<>();
        for (int i = 0; i < 210_000; i++) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            // 140,000 and 157,500 distinct values: past the 1 MiB (131,072-entry) dictionary; some repeat, some wrap.
            m.put("count", new JsonValue.IntValue(i % 3 == 0 ? 7 : (i * 0x9E3779B97F4A7C15L)));
            m.put("energy", new JsonValue.FloatValue(i % 4 == 0 ? -0.0 : i * 1.000001));
            // Values that never repeat: the dictionary does not pay for itself on the first page and is dropped.
            m.put("unique", new JsonValue.IntValue(i * 1_000_003L));
            events.add(new CounterEvent("e", Timestamp.of(i), "ns", m));
        }
        Path f = tmp.resolve("numbers.parquet");
        write(f, events, ParquetEventWriter.builder());
        assertEquals(events, readAll(f));
        assertEquals(EnumSet.of(Encoding.PLAIN, Encoding.RLE_DICTIONARY, Encoding.DELTA_BINARY_PACKED),
                encodings(f, "metadata_count"));
        assertEquals(EnumSet.of(Encoding.PLAIN, Encoding.RLE_DICTIONARY, Encoding.BYTE_STREAM_SPLIT),
                encodings(f, "metadata_energy"));
        assertEquals(EnumSet.of(Encoding.DELTA_BINARY_PACKED), encodings(f, "metadata_unique"));
    }

    @Test
    void rowsWithManyGeneralEntriesSpanSeveralPagesAndKeepTheirEntriesTogether() throws Exception {
        List<CounterEvent> events = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            int entries = i % 7 == 0 ? 0 : 1 + i % 23; // empty maps among long ones: ~51,000 entries, 4 pages
            for (int k = 0; k < entries; k++) {
                // Keys no column may have ('-'), values of mixed kinds: all in the general map column.
                m.put("key-" + k, k % 2 == 0 ? new JsonValue.IntValue(i * 31L + k) : new JsonValue.StringValue("v" + i));
            }
            events.add(new CounterEvent("e" + (i % 5), Timestamp.of(i * 0.5), "us", m));
        }
        Path f = tmp.resolve("general.parquet");
        write(f, events, ParquetEventWriter.builder());
        assertEquals(events, readAll(f));
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            var pages = r.readColumnIndex(r.getFooter().getBlocks().get(0).getColumns().get(
                    ParquetLayout.FIRST_METADATA_COLUMN));
            var offsets = r.readOffsetIndex(r.getFooter().getBlocks().get(0).getColumns().get(
                    ParquetLayout.FIRST_METADATA_COLUMN));
            assertTrue(offsets.getPageCount() >= 3, "pages: " + offsets.getPageCount());
            assertEquals(offsets.getPageCount(), pages.getNullCounts().size());
        }
    }

    @Test
    void anEventRefusedForAStringUtf8CannotEncodeLeavesNoTraceInAnyColumn() throws Exception {
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("i", MetadataKind.INT64),
                new MetadataColumn("f", MetadataKind.FLOAT64), new MetadataColumn("b", MetadataKind.BOOL),
                new MetadataColumn("s", MetadataKind.STRING), new MetadataColumn("d", MetadataKind.STRING_DICT)));
        Map<String, JsonValue> full = new LinkedHashMap<>();
        full.put("i", new JsonValue.IntValue(-7));
        full.put("f", new JsonValue.FloatValue(2.5));
        full.put("b", new JsonValue.BoolValue(true));
        full.put("s", new JsonValue.StringValue("plain"));
        full.put("d", new JsonValue.StringValue("dict"));
        full.put("other", new JsonValue.StringValue("general"));
        Map<String, JsonValue> mistyped = new LinkedHashMap<>();
        mistyped.put("i", new JsonValue.StringValue("not an int"));
        mistyped.put("b", new JsonValue.IntValue(1));
        // A lone surrogate in a typed string column is kept exactly, as escaped JSON text in the general column.
        mistyped.put("d", new JsonValue.StringValue("\uD800"));
        List<CounterEvent> good = List.of(
                new CounterEvent("a", Timestamp.of(1), "ns", full),
                new CounterEvent("b", Timestamp.of(2.25), "", mistyped),
                new CounterEvent("c", Timestamp.of(3), "ns", Map.of()));
        Map<String, JsonValue> badKey = new LinkedHashMap<>(full);
        badKey.put("bad\uDC00key", new JsonValue.IntValue(1));
        Path f = tmp.resolve("refused.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().metadataPlan(plan).open(f, StreamHeader.empty())) {
            w.write(good.get(0));
            // Each refused in one line naming the file, the event and the field; nothing of it is written.
            FormatException name = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("bad\uD800", Timestamp.of(9), "ns", full)));
            assertEquals(f + ": event 1, field 'event_name': event name 'bad\\ud800' holds an unpaired surrogate, "
                    + "which UTF-8 cannot store; it is refused rather than changed", name.getMessage());
            FormatException unit = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("x", Timestamp.of(9), "\uDFFF", full)));
            assertEquals(new FormatException.Location(f.toString(), 1, "timeunit", -1, -1, -1), unit.location());
            FormatException key = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("x", Timestamp.of(9), "ns", badKey)));
            assertEquals(new FormatException.Location(f.toString(), 1, "metadata", -1, -1, -1), key.location());
            w.write(good.get(1));
            w.write(good.get(2));
            assertEquals(3, w.eventCount());
        }
        assertEquals(good, readAll(f));
    }
}
