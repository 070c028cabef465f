package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.EventBatchReader;
import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.Conformance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parquet read as Arrow record batches in the Arrow layout, checked through Arrow Java's own stream writer. */
class ParquetArrowBatchesTest {
    @TempDir
    Path tmp;
    BufferAllocator allocator;

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocatorFailingOnLeaks() {
        allocator.close();
    }

    static List<Conformance.Case> cases() {
        return Conformance.acceptedCases();
    }

    /** The batches written by Arrow Java's stream writer, read back with our Arrow reader. */
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
    void conformanceCaseReadFromParquetAsArrowBatchesHoldsTheExpectedDocument(Conformance.Case c) throws Exception {
        Path parquet = tmp.resolve(c.name() + ".parquet");
        try (EventReader in = HespasJsonReader.open(c.input())) {
            ParquetEventWriter.builder().open(parquet, in.header()).writeAllAndClose(in);
        }
        CounterEventStream back = throughArrowJava(ParquetEventReader.open(parquet).arrowBatches(allocator, 2));
        assertEquals(c.expectedTree(), Conformance.treeOf(back));
    }

    @Test
    void aFilteredReadAsBatchesHoldsExactlyTheFilteredEventsInTheFilesColumns() throws Exception {
        SampleTrace trace = SampleTrace.of(50_000, SampleTrace.Shape.FLOAT, 5);
        Path parquet = tmp.resolve("t.parquet");
        ParquetEventWriter.builder().open(parquet, trace.header()).writeAllAndClose(trace.reader());
        EventFilter filter = new EventFilter(1_000, 4_000, Set.of("stablehlo.reduce", "npu2.mac_ops"));
        List<CounterEvent> expected = trace.reader().readAll().events().stream().filter(filter::matches).toList();
        assertTrue(expected.size() > 100, "filter keeps " + expected.size());
        try (ParquetEventReader r = ParquetEventReader.open(parquet, filter)) {
            EventBatchReader batches = r.arrowBatches(allocator, 1_000);
            assertEquals(r.metadataPlan(), batches.metadataPlan());
            CounterEventStream back = throughArrowJava(batches);
            assertEquals(expected, back.events());
            assertEquals(trace.header(), back.header());
        }
    }
}
