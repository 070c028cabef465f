package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.sample.SampleTrace;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.nio.channels.FileChannel;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArrowEventWriterTest extends AllocatorTest {

    private ArrowEventWriter.Builder builder(ArrowForm form) {
        return ArrowEventWriter.builder().form(form).allocator(allocator);
    }

    private List<CounterEvent> readAll(Path file) throws Exception {
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            return r.readAll().events();
        }
    }

    private static Map<String, JsonValue> meta(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return JsonValue.membersOf(m);
    }

    @ParameterizedTest
    @EnumSource(ArrowForm.class)
    void namesUnitsAndKeysFirstSeenInLaterBatchesReadBackExactly(ArrowForm form) throws Exception {
        List<CounterEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, JsonValue> m = i < 10 ? meta("npu", i % 4, "op", "matmul")
                    : meta("npu", i % 4, "late_key", "v" + i, "op", i % 3 == 0 ? JsonValue.NULL : "conv");
            events.add(new CounterEvent("name" + (i / 5), i % 7 == 0 ? Timestamp.of(i + 0.5) : Timestamp.of(i),
                    "unit" + (i / 8), m));
        }
        Path file = tmp.resolve("late.arrow");
        try (ArrowEventWriter w = builder(form).batchRows(10).open(file, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
            assertEquals(40, w.eventCount());
        }
        assertEquals(events, readAll(file));
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            // Chosen from the first batch: npu and op have columns; late_key, null ops live in the general map.
            assertEquals(List.of(new MetadataColumn("npu", MetadataKind.INT64), new MetadataColumn("op", MetadataKind.STRING_DICT)),
                    r.metadataPlan().columns());
            assertEquals(form == ArrowForm.FILE ? 4 : -1, r.batchCount());
        }
    }

    @Test
    void valuesOfAColumnKeyWithAnotherKindKeepTheirKind() throws Exception {
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("x", MetadataKind.INT64),
                new MetadataColumn("f", MetadataKind.FLOAT64), new MetadataColumn("b", MetadataKind.BOOL),
                new MetadataColumn("s", MetadataKind.STRING)));
        List<CounterEvent> events = List.of(
                new CounterEvent("a", Timestamp.of(1), "", meta("x", 1, "f", 2.0, "b", true, "s", "t")),
                new CounterEvent("a", Timestamp.of(2), "", meta("x", 1.5, "f", 2, "b", "true", "s", 7)),
                new CounterEvent("a", Timestamp.of(3), "", meta("x", new BigInteger("123456789012345678901234567890"),
                        "f", Double.NaN, "b", JsonValue.NULL, "s", List.of(1, Map.of("k", "v")))),
                new CounterEvent("a", Timestamp.of(4), "", meta("f", Double.NEGATIVE_INFINITY, "x", Long.MIN_VALUE)),
                new CounterEvent("a", Timestamp.of(5), "", meta("f", -0.0)));
        Path file = tmp.resolve("kinds.arrows");
        try (ArrowEventWriter w = builder(ArrowForm.STREAM).metadataPlan(plan).open(file, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        List<CounterEvent> back = readAll(file);
        assertEquals(events, back);
        assertEquals(JsonValue.of(2.0), back.get(0).metadata().get("f"));
        assertEquals(JsonValue.of(2), back.get(1).metadata().get("f"));
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(((JsonValue.FloatValue) back.get(4).metadata().get("f")).value()));
    }

    @ParameterizedTest
    @EnumSource(ArrowForm.class)
    void fastPathWritesTheSameStreamAsTheEventPath(ArrowForm form) throws Exception {
        SampleTrace trace = SampleTrace.of(3_000, SampleTrace.Shape.FLOAT, 9);
        Path viaEvents = tmp.resolve("events");
        Path viaIds = tmp.resolve("ids");
        try (EventReader in = trace.reader(); ArrowEventWriter w = builder(form).batchRows(700).open(viaEvents, trace.header())) {
            in.transferTo(w);
        }
        try (EventReader in = trace.reader(); ArrowEventWriter w = builder(form).batchRows(700).open(viaIds, trace.header())) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                int name = w.nameId(e.eventName());
                int unit = w.unitId(e.timeUnit());
                if (e.timestamp() instanceof Timestamp.IntTimestamp t) {
                    w.write(name, t.value(), unit, e.metadata());
                } else {
                    w.write(name, ((Timestamp.FloatTimestamp) e.timestamp()).value(), unit, e.metadata());
                }
            }
        }
        assertEquals(readAll(viaEvents), readAll(viaIds));
        assertEquals(3_000, readAll(viaIds).size());
    }

    @Test
    void fastPathWithoutMetadataKeepsIntegralFloatsAsIntegersAsHespasDoes() throws Exception {
        Path file = tmp.resolve("fast.arrow");
        try (ArrowEventWriter w = builder(ArrowForm.FILE).batchRows(2).open(file, StreamHeader.empty())) {
            int a = w.nameId("a");
            int b = w.nameId("b");
            int cycles = w.unitId("cycles");
            assertEquals(a, w.nameId("a"));
            w.write(a, 10L, cycles);
            w.write(b, 2.5, cycles);
            w.write(a, 3.0, cycles);
            w.write(b, Double.NaN, cycles);
            w.write(a, 7L, cycles);
            assertThrows(IllegalArgumentException.class, () -> w.write(99, 1L, cycles));
            assertThrows(IllegalArgumentException.class, () -> w.write(a, 1e30, cycles));
        }
        List<CounterEvent> back = readAll(file);
        assertEquals(List.of(new CounterEvent("a", Timestamp.of(10), "cycles"),
                new CounterEvent("b", Timestamp.of(2.5), "cycles"),
                new CounterEvent("a", Timestamp.of(3), "cycles"),
                new CounterEvent("b", Timestamp.of(Double.NaN), "cycles"),
                new CounterEvent("a", Timestamp.of(7), "cycles")), back);
        assertTrue(back.get(2).timestamp() instanceof Timestamp.IntTimestamp);
    }

    @ParameterizedTest
    @EnumSource(ArrowForm.class)
    void anEmptyStreamKeepsItsHeader(ArrowForm form) throws Exception {
        StreamHeader header = StreamHeader.of(Map.of("estimator", "x", "nested", Map.of("a", List.of(1, 2.5))));
        Path file = tmp.resolve("empty");
        try (ArrowEventWriter w = builder(form).open(file, header)) {
            assertEquals(0, w.eventCount());
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertEquals(header, r.header());
            assertNull(r.next());
            assertFalse(r.loadNextBatch());
        }
    }

    @Test
    void batchKOfTheFileFormIsReadDirectly() throws Exception {
        SampleTrace trace = SampleTrace.of(1_000);
        Path file = tmp.resolve("k.arrow");
        List<CounterEvent> all;
        try (EventReader in = trace.reader()) {
            all = in.readAll().events();
        }
        try (EventReader in = trace.reader(); ArrowEventWriter w = builder(ArrowForm.FILE).batchRows(300).open(file, trace.header())) {
            in.transferTo(w);
            assertEquals(3, w.batchCount()); // the fourth is written by close()
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertEquals(4, r.batchCount());
            r.loadBatch(2);
            VectorSchemaRoot root = r.root();
            assertEquals(300, root.getRowCount());
            assertEquals(((JsonValue.IntValue) all.get(600).metadata().get("npu")).value(),
                    ((BigIntVector) root.getVector("metadata_npu")).get(0));
            assertEquals(all.get(600), r.next());
            r.loadBatch(3);
            List<CounterEvent> rest = new ArrayList<>();
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                rest.add(e);
            }
            assertEquals(all.subList(900, 1000), rest);
            assertThrows(IndexOutOfBoundsException.class, () -> r.loadBatch(4));
        }
    }

    @Test
    void openingRefusesAnExistingFileUnlessAskedToReplaceIt() throws Exception {
        Path file = tmp.resolve("exists.arrow");
        Files.writeString(file, "keep me");
        assertThrows(FileAlreadyExistsException.class, () -> builder(ArrowForm.FILE).open(file, StreamHeader.empty()));
        assertEquals("keep me", Files.readString(file));
        try (ArrowEventWriter w = builder(ArrowForm.FILE).replaceExisting(true).open(file, StreamHeader.empty())) {
            w.write(new CounterEvent("a", Timestamp.of(1)));
        }
        assertEquals(1, readAll(file).size());
    }

    @Test
    void abortLeavesNoFileAndNothingBehind() throws Exception {
        Path file = tmp.resolve("aborted.arrows");
        ArrowEventWriter w = builder(ArrowForm.STREAM).batchRows(1).open(file, StreamHeader.empty());
        w.write(new CounterEvent("a", Timestamp.of(1)));
        w.write(new CounterEvent("a", Timestamp.of(2)));
        w.abort();
        assertFalse(Files.exists(file));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void repeatingStringsOverflowingTheDictionaryLimitGoToTheGeneralColumn() throws Exception {
        int n = ArrowEventWriter.METADATA_DICTIONARY_LIMIT + 1_000;
        Path file = tmp.resolve("many.arrows");
        try (ArrowEventWriter w = builder(ArrowForm.STREAM).batchRows(10_000).open(file, StreamHeader.empty())) {
            int name = w.nameId("e");
            int unit = w.unitId("");
            for (int i = 0; i < n; i++) {
                // The first batch repeats values (so the column is dictionary-encoded); later ones are all new.
                String v = i < 10_000 ? "v" + (i % 10) : "u" + i;
                w.write(name, (long) i, unit, meta("s", v));
            }
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertEquals(MetadataKind.STRING_DICT, r.metadataPlan().columns().get(0).kind());
            long i = 0;
            for (CounterEvent e = r.next(); e != null; e = r.next(), i++) {
                String want = i < 10_000 ? "v" + (i % 10) : "u" + i;
                assertEquals(JsonValue.of(want), e.metadata().get("s"), "event " + i);
            }
            assertEquals(n, i);
        }
    }

    @Test
    void bigStringsEndABatchEarlyLongBeforeArrowsOffsetsCouldOverflow() throws Exception {
        int mib = 1 << 20;
        int n = (int) (ArrowEventWriter.MAX_BATCH_STRING_BYTES / mib) * 2 + 10; // two and a bit batches' worth
        Path file = tmp.resolve("big.arrow");
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("blob", MetadataKind.STRING))); // none held
        try (ArrowEventWriter w = builder(ArrowForm.FILE).batchRows(1_000_000).metadataPlan(plan)
                .open(file, StreamHeader.empty())) {
            for (int i = 0; i < n; i++) {
                char[] text = new char[mib];
                java.util.Arrays.fill(text, (char) ('a' + i % 26));
                w.write(new CounterEvent("e" + i, Timestamp.of(i), "", Map.of("blob", JsonValue.of(new String(text)))));
            }
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertEquals(3, r.batchCount(), "batches end at " + ArrowEventWriter.MAX_BATCH_STRING_BYTES + " bytes");
            long i = 0;
            for (CounterEvent e = r.next(); e != null; e = r.next(), i++) {
                String blob = ((JsonValue.StringValue) e.metadata().get("blob")).value();
                assertEquals(mib, blob.length(), "event " + i);
                assertEquals((char) ('a' + i % 26), blob.charAt(mib - 1), "event " + i);
                assertEquals("e" + i, e.eventName());
            }
            assertEquals(n, i);
        }
    }

    @Test
    void aWholeStreamConvertsAndReadsBack() throws Exception {
        CounterEventStream s = new CounterEventStream(Map.of("estimator", "t"));
        s.addEvent("a", 1);
        s.addEvent("b", 2.5, "ns", Map.of("k", 1));
        Path file = tmp.resolve("whole.arrow");
        ArrowIpc.write(s, file);
        CounterEventStream back = ArrowIpc.read(file);
        assertEquals(s.header(), back.header());
        assertEquals(s.events(), back.events());
    }

    @Test
    void unpairedSurrogatesAreRefusedOrKeptExactlyNeverTurnedIntoQuestionMarks() throws Exception {
        Path file = tmp.resolve("surrogates.arrows");
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("s", MetadataKind.STRING),
                new MetadataColumn("d", MetadataKind.STRING_DICT)));
        List<CounterEvent> kept = List.of(
                new CounterEvent("ok", Timestamp.of(1), "", meta("s", "x\uD800", "d", "y\uDC00", "v", "\uDC00z")),
                new CounterEvent("ok", Timestamp.of(2), "", meta("s", "pair \uD83D\uDE00", "d", "a")));
        try (ArrowEventWriter w = builder(ArrowForm.STREAM).metadataPlan(plan).open(file, StreamHeader.empty())) {
            // Refused in one line naming the file, the event and the field, and nothing is written.
            FormatException name = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("ev\uDC00", Timestamp.of(0))));
            assertEquals(file + ": event 0, field 'event_name': event name 'ev\\udc00' holds an unpaired surrogate, "
                    + "which UTF-8 cannot store; it is refused rather than changed", name.getMessage());
            w.write(kept.get(0));
            FormatException unit = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("ok", Timestamp.of(0), "\uD800")));
            assertEquals(new FormatException.Location(file.toString(), 1, "timeunit", -1, -1, -1), unit.location());
            // A key of the general map cannot be stored either; the refused event leaves nothing behind.
            FormatException key = assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("ok", Timestamp.of(0), "", meta("s", "t", "\uD800", 1))));
            assertEquals(new FormatException.Location(file.toString(), 1, "metadata", -1, -1, -1), key.location());
            assertTrue(key.getMessage().contains("metadata key '\\ud800' holds an unpaired surrogate"), key.getMessage());
            w.write(kept.get(1));
        }
        assertEquals(kept, readAll(file));
    }

    @Test
    void aRefusedFastPathEventLeavesNothingInTheNextOne() throws Exception {
        Path file = tmp.resolve("refused.arrow");
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("a", MetadataKind.INT64)));
        try (ArrowEventWriter w = builder(ArrowForm.FILE).metadataPlan(plan).open(file, StreamHeader.empty())) {
            int n = w.nameId("e");
            int u = w.unitId("");
            Map<String, JsonValue> bad = new LinkedHashMap<>();
            bad.put("a", JsonValue.of(42));
            bad.put("k", JsonValue.of(1));
            bad.put(null, JsonValue.of(0));
            assertThrows(IllegalArgumentException.class, () -> w.write(n, 2L, u, bad));
            Map<String, JsonValue> late = new LinkedHashMap<>();
            late.put("a", JsonValue.of(7));
            late.put("\uD800", JsonValue.of(1));
            FormatException e = assertThrows(FormatException.class, () -> w.write(n, 2L, u, late));
            assertEquals(new FormatException.Location(file.toString(), 0, "metadata", -1, -1, -1), e.location());
            w.write(n, 3L, u);
        }
        assertEquals(List.of(new CounterEvent("e", Timestamp.of(3), "")), readAll(file));
    }

    @Test
    void afterAFailedFlushOnlyAbortIsLeft() throws Exception {
        afterAFailedFlushOnlyAbortIsLeft(ArrowForm.STREAM);
    }

    /** The file form writes batches on a second thread: its failure reaches the caller at the next batch. */
    @Test
    void afterAFailedFlushOfTheFileFormOnlyAbortIsLeft() throws Exception {
        afterAFailedFlushOnlyAbortIsLeft(ArrowForm.FILE);
    }

    private void afterAFailedFlushOnlyAbortIsLeft(ArrowForm form) throws Exception {
        java.io.OutputStream failing = new java.io.OutputStream() {
            long written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 1_000) {
                    throw new java.io.IOException("disk full");
                }
            }
        };
        ArrowEventWriter w = builder(form).batchRows(100).open(failing, StreamHeader.empty());
        java.io.IOException full = assertThrows(java.io.IOException.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                w.write(new CounterEvent("e", Timestamp.of(i)));
            }
        });
        assertEquals("disk full", full.getMessage());
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> w.write(new CounterEvent("e", Timestamp.of(0))));
        assertTrue(after.getMessage().contains("abort()"), after.getMessage());
        assertThrows(java.io.IOException.class, w::close);
    }

    /** A reader of Arrow Java's own for {@code file} in {@code form}. */
    private ArrowReader arrowJavaReader(Path file, ArrowForm form) throws Exception {
        if (form == ArrowForm.FILE) {
            return new ArrowFileReader(FileChannel.open(file), allocator, Codecs.INSTANCE);
        }
        return new ArrowStreamReader(Files.newInputStream(file), allocator, Codecs.INSTANCE);
    }

    @ParameterizedTest
    @EnumSource(ArrowForm.class)
    void stringsEndABatchAtTheirLimitWhicheverThreadFillsIt(ArrowForm form) throws Exception {
        // Three UTF-8 bytes per character: the caller's thread counts characters, so in the file form, whose
        // second thread fills the strings, that thread must end batches early itself.
        long limit = 64 * 1024;
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("blob", MetadataKind.STRING),
                new MetadataColumn("n", MetadataKind.INT64)));
        List<CounterEvent> events = new ArrayList<>();
        List<Integer> bytes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int chars = 300 + (i * 37) % 700;
            events.add(new CounterEvent("e" + (i % 5), Timestamp.of(i), "", meta("blob", "\u20ac".repeat(chars), "n", i)));
            bytes.add(3 * chars);
        }
        Path file = tmp.resolve("strings." + form);
        ArrowEventWriter w = builder(form).batchRows(10_000).batchStringBytes(limit).metadataPlan(plan)
                .open(file, StreamHeader.empty());
        for (CounterEvent e : events) {
            w.write(e);
        }
        w.close();
        long written = w.batchCount();
        assertEquals(events, readAll(file));
        List<Integer> rowsPerBatch = new ArrayList<>();
        try (ArrowReader r = arrowJavaReader(file, form)) {
            while (r.loadNextBatch()) {
                rowsPerBatch.add(r.getVectorSchemaRoot().getRowCount());
            }
        }
        assertEquals(written, rowsPerBatch.size(), "batches the writer counted");
        long total = bytes.stream().mapToLong(Integer::longValue).sum();
        assertTrue(rowsPerBatch.size() >= total / (limit + 3 * 1000), "batches: " + rowsPerBatch);
        int row = 0;
        for (int rows : rowsPerBatch) {
            long sum = 0;
            for (int i = row; i < row + rows; i++) {
                sum += bytes.get(i);
            }
            // A batch ends with the first row that brings its strings to the limit, or before.
            assertTrue(sum - bytes.get(row + rows - 1) < limit, "batch at row " + row + " of " + rowsPerBatch);
            row += rows;
        }
        assertEquals(events.size(), row);
    }

    @ParameterizedTest
    @EnumSource(ArrowForm.class)
    void aRefusedEventLeavesNoTimestampInTheRowThatFollows(ArrowForm form) throws Exception {
        Path file = tmp.resolve("refused-then-float." + form);
        MetadataPlan plan = new MetadataPlan(List.of(new MetadataColumn("a", MetadataKind.INT64)));
        CounterEvent kept = new CounterEvent("e", Timestamp.of(2.5), "", meta("a", 3));
        try (ArrowEventWriter w = builder(form).metadataPlan(plan).open(file, StreamHeader.empty())) {
            assertThrows(FormatException.class,
                    () -> w.write(new CounterEvent("e", Timestamp.of(5), "", meta("a", 1, "\uD800", 2))));
            w.write(kept);
        }
        assertEquals(List.of(kept), readAll(file));
        try (ArrowReader r = arrowJavaReader(file, form)) {
            assertTrue(r.loadNextBatch());
            UnionVector ts = (UnionVector) r.getVectorSchemaRoot().getVector("timestamp");
            assertEquals(1, r.getVectorSchemaRoot().getRowCount());
            assertEquals(1, ts.getTypeValue(0), "the float member");
            assertTrue(ts.getChildrenFromFields().get(0).isNull(0), "the refused event's integer is gone");
            assertEquals(2.5, ((Float8Vector) ts.getChildrenFromFields().get(1)).get(0));
        }
    }
}
