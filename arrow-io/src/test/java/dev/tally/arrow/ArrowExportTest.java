package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.ListEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;

/** The C Data Interface handoff, consumed here by Arrow Java's own importer, as a native consumer would. */
class ArrowExportTest extends AllocatorTest {

    /** (name, timestamp, unit) of each row of the consumer's current batch, decoded by the layout. */
    private static List<String> rows(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        List<String> out = new ArrayList<>();
        IntVector names = (IntVector) root.getVector("event_name");
        IntVector units = (IntVector) root.getVector("timeunit");
        VarCharVector nameValues = (VarCharVector) dictionaries.lookup(names.getField().getDictionary().getId()).getVector();
        VarCharVector unitValues = (VarCharVector) dictionaries.lookup(units.getField().getDictionary().getId()).getVector();
        FieldVector ts = root.getVector("timestamp");
        for (int r = 0; r < root.getRowCount(); r++) {
            Object t = ts instanceof UnionVector u ? u.getObject(r) : ((Float8Vector) ts).get(r);
            out.add(new String(nameValues.get(names.get(r)), StandardCharsets.UTF_8) + " " + t + " "
                    + new String(unitValues.get(units.get(r)), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String row(CounterEvent e) {
        Timestamp t = e.timestamp();
        return e.eventName() + " " + (t.isInteger() ? Long.toString(t.longValue()) : Double.toString(t.doubleValue()))
                + " " + e.timeUnit();
    }

    private static List<String> expectedRows(EventReader in) throws IOException {
        List<String> out = new ArrayList<>();
        try (in) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                out.add(row(e));
            }
        }
        return out;
    }

    private Path sampleFile(ArrowForm form, ArrowCodec codec) throws IOException {
        Path file = tmp.resolve("sample-" + form + "-" + codec + ".arrow");
        SampleTrace trace = SampleTrace.of(10_000);
        ArrowEventWriter.builder().form(form).codec(codec).batchRows(3_000).allocator(allocator)
                .open(file, trace.header()).writeAllAndClose(trace.reader());
        return file;
    }

    @Test
    void anExportedFileReachesTheConsumerWithoutACopyAndWithEveryValue() throws Exception {
        Path file = sampleFile(ArrowForm.FILE, ArrowCodec.NONE);
        List<String> got = new ArrayList<>();
        int batches = 0;
        try (ArrowEventReader reader = ArrowEventReader.open(file, allocator);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            ArrowExport.exportStream(reader, allocator, stream);
            try (ArrowReader consumer = Data.importArrayStream(allocator, stream)) {
                while (consumer.loadNextBatch()) {
                    VectorSchemaRoot theirs = consumer.getVectorSchemaRoot();
                    VectorSchemaRoot ours = reader.root();
                    // The same memory on both sides: the consumer reads the mapped file itself.
                    UnionVector ourTs = (UnionVector) ours.getVector("timestamp");
                    UnionVector theirTs = (UnionVector) theirs.getVector("timestamp");
                    assertEquals(ourTs.getChildrenFromFields().get(0).getDataBuffer().memoryAddress(),
                            theirTs.getChildrenFromFields().get(0).getDataBuffer().memoryAddress());
                    assertEquals(ours.getVector("event_name").getDataBuffer().memoryAddress(),
                            theirs.getVector("event_name").getDataBuffer().memoryAddress());
                    got.addAll(rows(theirs, consumer));
                    batches++;
                }
            }
        }
        assertEquals(4, batches);
        assertEquals(expectedRows(SampleTrace.of(10_000).reader()), got);
    }

    @Test
    void exportedBatchesStayValidAfterTheNextBatchAndAfterTheStreamIsReleased() throws Exception {
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : ArrowCodec.values()) {
                Path file = sampleFile(form, codec);
                List<VectorSchemaRoot> kept = new ArrayList<>();
                List<List<String>> names = new ArrayList<>();
                try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                    ArrowEventReader reader = ArrowEventReader.open(file, allocator);
                    ArrowExport.exportStream(reader, allocator, stream);
                    try (ArrowReader consumer = Data.importArrayStream(allocator, stream)) {
                        while (consumer.loadNextBatch()) {
                            // Keep each batch, as pyarrow's read_all() does, by moving its buffers out.
                            VectorSchemaRoot root = consumer.getVectorSchemaRoot();
                            VectorSchemaRoot copy = VectorSchemaRoot.create(root.getSchema(), allocator);
                            new org.apache.arrow.vector.VectorUnloader(root).getRecordBatch().close();
                            for (int i = 0; i < root.getFieldVectors().size(); i++) {
                                root.getVector(i).makeTransferPair(copy.getVector(i)).transfer();
                            }
                            copy.setRowCount(root.getRowCount());
                            kept.add(copy);
                            VarCharVector dict = (VarCharVector) consumer.lookup(0).getVector();
                            List<String> values = new ArrayList<>();
                            for (int i = 0; i < dict.getValueCount(); i++) {
                                values.add(new String(dict.get(i), StandardCharsets.UTF_8));
                            }
                            names.add(values);
                        }
                    } // the stream is released here, which closes our reader: the kept batches outlive it
                }
                List<String> got = new ArrayList<>();
                for (int b = 0; b < kept.size(); b++) {
                    VectorSchemaRoot root = kept.get(b);
                    IntVector ids = (IntVector) root.getVector("event_name");
                    UnionVector ts = (UnionVector) root.getVector("timestamp");
                    for (int r = 0; r < root.getRowCount(); r++) {
                        got.add(names.get(b).get(ids.get(r)) + " " + ts.getObject(r) + " cycles");
                    }
                    root.close();
                }
                assertEquals(expectedRows(SampleTrace.of(10_000).reader()), got, form + " " + codec);
            }
        }
    }

    @Test
    void theFlatViewHasADoubleTimestampAndKeepsBigIntegersExactly() throws Exception {
        long big = (1L << 53) + 1;
        List<CounterEvent> events = List.of(
                new CounterEvent("a", Timestamp.of(5), "ns", Map.of()),
                new CounterEvent("b", Timestamp.of(big), "ns", Map.of()),
                new CounterEvent("c", Timestamp.of(2.5), "ns", Map.of()),
                new CounterEvent("a", Timestamp.of(Double.NaN), "ns", Map.of()));
        try (ArrowReader flat = ArrowExport.flatView(EventBatchReader.of(new ListEvents(events), allocator));
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            ArrowExport.exportStream(flat, allocator, stream);
            try (ArrowReader consumer = Data.importArrayStream(allocator, stream)) {
                VectorSchemaRoot root = consumer.getVectorSchemaRoot();
                assertEquals(List.of("event_name", "timestamp", "timestamp_int", "timeunit", "metadata"),
                        root.getSchema().getFields().stream().map(f -> f.getName()).toList());
                assertTrue(consumer.loadNextBatch());
                Float8Vector ts = (Float8Vector) root.getVector("timestamp");
                BigIntVector exact = (BigIntVector) root.getVector("timestamp_int");
                assertEquals(5.0, ts.get(0));
                assertTrue(exact.isNull(0));
                assertEquals(big, exact.get(1));
                assertEquals((double) big, ts.get(1));
                assertEquals(2.5, ts.get(2));
                assertTrue(Double.isNaN(ts.get(3)) && exact.isNull(3));
                assertEquals(List.of("a 5.0 ns", "b 9.007199254740992E15 ns", "c 2.5 ns", "a NaN ns"), rows(root, consumer));
                assertFalse(consumer.loadNextBatch());
            }
        }
    }

    @Test
    void aLiveWritersBatchesReachAConsumerOnAnotherThreadAsTheyAreWritten() throws Exception {
        SampleTrace trace = SampleTrace.of(20_000);
        ArrowEventWriter writer = ArrowEventWriter.builder().batchRows(1_000).allocator(allocator).openLive(trace.header());
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        ArrowExport.exportStream(writer.liveBatches(), allocator, stream);
        CompletableFuture<List<String>> consumed = CompletableFuture.supplyAsync(() -> {
            List<String> got = new ArrayList<>();
            try (ArrowReader consumer = Data.importArrayStream(allocator, stream)) {
                while (consumer.loadNextBatch()) {
                    got.addAll(rows(consumer.getVectorSchemaRoot(), consumer));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return got;
        });
        // Names first seen late reach the consumer as dictionary deltas before the batch that uses them.
        long n = writer.writeAllAndClose(trace.reader());
        assertEquals(20_000, n);
        assertEquals(20, writer.batchCount());
        assertEquals(expectedRows(trace.reader()), consumed.get(60, TimeUnit.SECONDS));
        stream.close();
    }

    @Test
    void aLiveWriterWhoseReaderIsClosedFailsItsNextBatch() throws Exception {
        SampleTrace trace = SampleTrace.of(10_000);
        ArrowEventWriter writer = ArrowEventWriter.builder().batchRows(100).allocator(allocator).openLive(trace.header());
        writer.liveBatches().close();
        IOException e = assertThrows(IOException.class, () -> {
            try (EventReader in = trace.reader()) {
                in.transferTo(writer);
            }
        });
        assertTrue(e.getMessage().contains("live reader was closed"), e.getMessage());
        writer.abort();
    }

    @Test
    void anAbortedLiveWriterIsAnErrorForItsReader() throws Exception {
        ArrowEventWriter writer = ArrowEventWriter.builder().batchRows(10).allocator(allocator)
                .metadataPlan(new dev.tally.core.columnar.MetadataPlan(List.of())).openLive(StreamHeader.empty());
        LiveBatchReader batches = writer.liveBatches();
        CompletableFuture<Integer> consumed = CompletableFuture.supplyAsync(() -> {
            int rows = 0;
            try (batches) {
                while (batches.loadNextBatch()) {
                    rows += batches.getVectorSchemaRoot().getRowCount();
                }
                return rows;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int id = writer.nameId("x");
        int unit = writer.unitId("");
        for (int i = 0; i < 25; i++) {
            writer.write(id, (long) i, unit);
        }
        writer.abort();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> consumed.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("live writer failed"), e.getCause().getMessage());
        assertNotEquals(null, e.getCause());
    }
}
