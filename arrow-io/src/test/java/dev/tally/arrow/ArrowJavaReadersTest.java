package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Arrow Java's own readers, an implementation independent of ours, read what we write: names through the
 * dictionaries (grown by deltas in the stream form), timestamps through the union, typed metadata columns.
 */
class ArrowJavaReadersTest extends AllocatorTest {

    @ParameterizedTest
    @EnumSource(ArrowCodec.class)
    void arrowJavaStreamReaderReadsEveryBatchWithDictionaryDeltas(ArrowCodec codec) throws Exception {
        SampleTrace trace = SampleTrace.of(5_000, SampleTrace.Shape.FLOAT, 3);
        Path file = write(trace, ArrowForm.STREAM, codec);
        try (InputStream in = Files.newInputStream(file);
             ArrowStreamReader r = new ArrowStreamReader(in, allocator, Codecs.INSTANCE)) {
            assertSameEvents(trace, r, r);
        }
    }

    @ParameterizedTest
    @EnumSource(ArrowCodec.class)
    void arrowJavaFileReaderReadsEveryBatch(ArrowCodec codec) throws Exception {
        SampleTrace trace = SampleTrace.of(5_000, SampleTrace.Shape.INT, 4);
        Path file = write(trace, ArrowForm.FILE, codec);
        try (FileChannel ch = FileChannel.open(file);
             ArrowFileReader r = new ArrowFileReader(ch, allocator, Codecs.INSTANCE)) {
            assertEquals(10, r.getRecordBlocks().size());
            assertSameEvents(trace, r, r);
        }
    }

    private Path write(SampleTrace trace, ArrowForm form, ArrowCodec codec) throws Exception {
        Path file = tmp.resolve("t." + form + "." + codec);
        // 500 rows per batch: the 200 names of the sample trace appear over several batches.
        try (EventReader in = trace.reader();
             ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(500)
                     .allocator(allocator).open(file, in.header())) {
            in.transferTo(w);
        }
        return file;
    }

    private static void assertSameEvents(SampleTrace trace, ArrowReader r, DictionaryProvider dictionaries) throws Exception {
        List<CounterEvent> expected = new ArrayList<>();
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                expected.add(e);
            }
        }
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        assertEquals("1", root.getSchema().getCustomMetadata().get("tally.layout_version"));
        int i = 0;
        while (r.loadNextBatch()) {
            IntVector names = (IntVector) root.getVector("event_name");
            long nameDictionary = names.getField().getDictionary().getId();
            VarCharVector nameValues = (VarCharVector) dictionaries.lookup(nameDictionary).getVector();
            UnionVector ts = (UnionVector) root.getVector("timestamp");
            FieldVector npu = root.getVector("metadata_npu");
            for (int row = 0; row < root.getRowCount(); row++, i++) {
                CounterEvent want = expected.get(i);
                assertEquals(want.eventName(), new String(nameValues.get(names.get(row)), java.nio.charset.StandardCharsets.UTF_8), "event " + i);
                Object got = ts.getObject(row);
                if (want.timestamp() instanceof Timestamp.IntTimestamp t) {
                    assertEquals(t.value(), (Long) got, "event " + i);
                    assertEquals(0, ts.getTypeValue(row));
                } else {
                    assertEquals(((Timestamp.FloatTimestamp) want.timestamp()).value(), (Double) got, "event " + i);
                    assertEquals(1, ts.getTypeValue(row));
                }
                assertEquals(want.metadata().get("npu").toString(), String.valueOf(((BigIntVector) npu).get(row)));
            }
            assertTrue(root.getVector("metadata_energy_pj") instanceof Float8Vector);
        }
        assertEquals(expected.size(), i);
    }
}
