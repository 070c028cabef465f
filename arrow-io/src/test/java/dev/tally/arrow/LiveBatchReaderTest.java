package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.MetadataPlan;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live handoff's ends: a reader that leaves, a writer that fails or is interrupted (review findings). */
class LiveBatchReaderTest extends AllocatorTest {

    private ArrowEventWriter liveWriter(int batchRows) {
        return ArrowEventWriter.builder().batchRows(batchRows).allocator(allocator)
                .metadataPlan(new MetadataPlan(List.of())).openLive(StreamHeader.empty());
    }

    @Test
    void aWriterWhoseReaderLeavesAlwaysGetsAnIOExceptionAndNothingLeaks() throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int round = 0; round < 300; round++) {
            ArrowEventWriter writer = liveWriter(1);
            LiveBatchReader batches = writer.liveBatches();
            CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> {
                try (batches) {
                    batches.loadNextBatch();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int id = writer.nameId("x");
            int unit = writer.unitId("");
            String got = "no exception";
            try {
                for (long i = 0; i < 1_000_000; i++) {
                    writer.write(id, i, unit);
                }
            } catch (Exception e) {
                got = e.getClass().getSimpleName();
            }
            writer.abort();
            consumer.get(30, TimeUnit.SECONDS);
            seen.merge(got, 1, Integer::sum);
        }
        assertEquals(Map.of("IOException", 300), seen);
        // The allocator test base closes the root allocator: an open child or a buffer left over fails it.
    }

    @Test
    void anInterruptedWriterFailsItsReaderInsteadOfLeavingItWaiting() throws Exception {
        ArrowEventWriter writer = liveWriter(10);
        LiveBatchReader batches = writer.liveBatches();
        CompletableFuture<Integer> consumer = CompletableFuture.supplyAsync(() -> {
            int rows = 0;
            try (batches) {
                while (batches.loadNextBatch()) {
                    rows += batches.getVectorSchemaRoot().getRowCount();
                }
                return rows;
            } catch (IOException e) {
                return -1;
            }
        });
        int id = writer.nameId("x");
        int unit = writer.unitId("");
        for (int i = 0; i < 25; i++) {
            writer.write(id, (long) i, unit);
        }
        Thread.currentThread().interrupt(); // the writer's task was cancelled
        try {
            writer.close();
        } catch (IOException expected) {
            // interrupted while handing over the last batch
        } finally {
            Thread.interrupted();
        }
        int rows = consumer.get(10, TimeUnit.SECONDS); // returns: the reader is not left waiting
        assertTrue(rows == -1 || rows == 25, "rows " + rows);
    }

    @Test
    void everyLoadAfterTheWritersFailureFailsAgain() throws Exception {
        ArrowEventWriter writer = liveWriter(10);
        LiveBatchReader batches = writer.liveBatches();
        int id = writer.nameId("x");
        int unit = writer.unitId("");
        for (int i = 0; i < 15; i++) {
            writer.write(id, (long) i, unit);
        }
        writer.abort();
        try (batches) {
            for (int i = 0; i < 3; i++) {
                IOException e = assertThrows(IOException.class, batches::loadNextBatch);
                assertTrue(e.getMessage().contains("live writer failed"), e.getMessage());
            }
        }
    }

    @Test
    void aClosedWritersBatchesAreAllReadThenTheEnd() throws Exception {
        ArrowEventWriter writer = liveWriter(10);
        LiveBatchReader batches = writer.liveBatches();
        int id = writer.nameId("x");
        int unit = writer.unitId("");
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 95; i++) {
                    writer.write(id, (long) i, unit);
                }
                writer.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int rows = 0;
        try (batches) {
            while (batches.loadNextBatch()) {
                rows += batches.getVectorSchemaRoot().getRowCount();
            }
            assertEquals(95, rows);
            assertTrue(!batches.loadNextBatch()); // and again: the end stays the end
        }
        producer.get(10, TimeUnit.SECONDS);
    }
}
