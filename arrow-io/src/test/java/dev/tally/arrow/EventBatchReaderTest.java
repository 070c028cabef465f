package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.ListEvents;
import dev.tally.core.testing.Conformance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventBatchReaderTest extends AllocatorTest {

    static List<Conformance.Case> cases() {
        return Conformance.acceptedCases();
    }

    /** Writes the batches with Arrow Java's own stream writer and reads that stream back with ours. */
    private CounterEventStream throughArrowJava(EventBatchReader batches) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (batches; ArrowStreamWriter w = new ArrowStreamWriter(batches.getVectorSchemaRoot(), batches, out)) {
            w.start();
            while (batches.loadNextBatch()) {
                w.writeBatch();
            }
            w.end();
        }
        try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(out.toByteArray()), allocator)) {
            return r.readAll();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformanceCaseBecomesBatchesThatHoldTheExpectedDocument(Conformance.Case c) throws Exception {
        // Two rows per batch: names first seen in later batches extend the dictionaries between batches.
        CounterEventStream back = throughArrowJava(
                EventBatchReader.of(HespasJsonReader.open(c.input()), allocator, null, 2));
        assertEquals(c.expectedTree(), Conformance.treeOf(back));
    }

    @Test
    void sampleTraceBatchesHoldEveryEventInOrderWithTheChosenColumns() throws Exception {
        SampleTrace trace = SampleTrace.of(10_000);
        EventBatchReader batches = EventBatchReader.of(trace.reader(), allocator, null, 3_000);
        java.util.Set<String> typed = new java.util.HashSet<>();
        batches.metadataPlan().columns().forEach(c -> typed.add(c.key()));
        assertEquals(java.util.Set.of("npu", "op", "flops", "energy_pj"), typed);
        CounterEventStream back = throughArrowJava(batches);
        assertEquals(10_000, back.events().size());
        assertEquals(trace.reader().readAll().events(), back.events());
    }

    @Test
    void batchesHaveTheGivenSizeAndTheLastOneTheRest() throws Exception {
        List<Integer> rows = new ArrayList<>();
        try (EventBatchReader batches = EventBatchReader.of(SampleTrace.of(7_001).reader(), allocator, null, 3_000)) {
            while (batches.loadNextBatch()) {
                rows.add(batches.getVectorSchemaRoot().getRowCount());
            }
            assertEquals(7_001, batches.eventCount());
            assertFalse(batches.loadNextBatch());
        }
        assertEquals(List.of(3_000, 3_000, 1_001), rows);
    }

    @Test
    void aBatchKeptByAConsumerKeepsItsValuesAfterTheNextIsRead() throws Exception {
        // A consumer (a C Data export, for one) holds references to a batch's buffers past the next loadNextBatch.
        List<ArrowRecordBatch> kept = new ArrayList<>();
        List<Dictionary> names = new ArrayList<>();
        List<CounterEvent> events = List.of(
                event("a", Timestamp.of(1)), event("b", Timestamp.of(2.5)), event("c", Timestamp.of(3)),
                event("d", Timestamp.of(-4.25)), event("a", Timestamp.of(5)));
        try (EventBatchReader batches = EventBatchReader.of(new ListEvents(events), allocator,
                new MetadataPlan(List.of()), 2)) {
            VectorSchemaRoot root = batches.getVectorSchemaRoot();
            while (batches.loadNextBatch()) {
                kept.add(new VectorUnloader(root).getRecordBatch());
            }
            names.add(batches.lookup(ArrowLayout.NAME_DICTIONARY_ID));
            try (VectorSchemaRoot copy = VectorSchemaRoot.create(root.getSchema(), allocator)) {
                VectorLoader loader = new VectorLoader(copy);
                List<String> seen = new ArrayList<>();
                List<Object> stamps = new ArrayList<>();
                VarCharVector dictionary = (VarCharVector) names.get(0).getVector();
                for (ArrowRecordBatch b : kept) {
                    loader.load(b);
                    for (int r = 0; r < copy.getRowCount(); r++) {
                        int id = ((org.apache.arrow.vector.IntVector) copy.getVector(0)).get(r);
                        seen.add(new String(dictionary.get(id), java.nio.charset.StandardCharsets.UTF_8));
                        stamps.add(((UnionVector) copy.getVector(1)).getObject(r));
                    }
                    b.close();
                }
                assertEquals(List.of("a", "b", "c", "d", "a"), seen);
                assertEquals(List.of(1L, 2.5, 3L, -4.25, 5L), stamps);
            }
        }
    }

    @Test
    void aGivenPlanIsUsedAsItIs() throws Exception {
        MetadataPlan plan = new MetadataPlan(List.of(new dev.tally.core.columnar.MetadataColumn("k", MetadataKind.INT64)));
        List<CounterEvent> events = List.of(new CounterEvent("x", Timestamp.of(1), "ns",
                Map.of("k", JsonValue.of(7), "other", JsonValue.of("v"))));
        EventBatchReader batches = EventBatchReader.of(new ListEvents(events), allocator, plan, 10);
        assertEquals(plan, batches.metadataPlan());
        assertEquals(events, throughArrowJava(batches).events());
    }

    @Test
    void anEmptyStreamGivesTheSchemaAndNoBatch() throws Exception {
        try (EventBatchReader batches = EventBatchReader.of(new ListEvents(List.of()), allocator)) {
            assertEquals("event_name", batches.getVectorSchemaRoot().getSchema().getFields().get(0).getName());
            assertFalse(batches.loadNextBatch());
            assertEquals(0, batches.eventCount());
        }
    }

    @Test
    void aFileWithoutBatchesOrDictionariesAsArrowJavaAndPyarrowWriteItReadsAsAnEmptyStream() throws Exception {
        java.nio.file.Path file = tmp.resolve("empty.arrow");
        try (EventBatchReader batches = EventBatchReader.of(new ListEvents(List.of()), allocator);
             java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                     java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
             org.apache.arrow.vector.ipc.ArrowFileWriter w = new org.apache.arrow.vector.ipc.ArrowFileWriter(
                     batches.getVectorSchemaRoot(), batches, ch)) {
            w.start();
            w.end();
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertEquals(0, r.batchCount());
            assertEquals(List.of(), r.readAll().events());
        }
    }

    @Test
    void anEventArrowCannotHoldIsRefusedWithItsIndex() throws Exception {
        List<CounterEvent> events = List.of(event("fine", Timestamp.of(1)), event("bad\uD800", Timestamp.of(2)));
        try (EventBatchReader batches = EventBatchReader.of(new ListEvents(events), allocator)) {
            FormatException e = assertThrows(FormatException.class, batches::loadNextBatch);
            assertEquals(1, e.location().eventIndex());
            assertTrue(e.getMessage().contains("event name"), e.getMessage());
        }
    }

    @Test
    void anErrorInTheSourceComesThroughWithItsLocation() throws Exception {
        byte[] json = "{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": [{\"event_name\": \"a\", \"timestamp\": 1, \"timeunit\": \"\", \"metadata\": {}}, {\"event_name\": 3}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (EventBatchReader batches = EventBatchReader.of(HespasJsonReader.open(new ByteArrayInputStream(json), "bad.json"), allocator)) {
            FormatException e = assertThrows(FormatException.class, batches::getVectorSchemaRoot);
            assertEquals(1, e.location().eventIndex());
        }
    }

    private static CounterEvent event(String name, Timestamp t) {
        return new CounterEvent(name, t, "ns", Map.of());
    }
}
