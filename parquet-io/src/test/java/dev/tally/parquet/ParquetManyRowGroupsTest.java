package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of many row groups is read with the metadata of one window of row groups at a time, not all of them: a
 * 30,000-row-group file took 3.2 GB and died with a 256 MB heap when parquet-java's reader held its whole footer.
 */
class ParquetManyRowGroupsTest {
    @TempDir
    Path tmp;

    @Test
    void aFullReadHoldsTheMetadataOfAWindowOfRowGroupsAtATime() throws Exception {
        SampleTrace trace = SampleTrace.of(6_000);
        List<CounterEvent> all = new ArrayList<>();
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                all.add(e);
            }
        }
        Path file = tmp.resolve("many.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().rowGroupRows(1).open(file, trace.header())) {
            for (CounterEvent e : all) {
                w.write(e);
            }
        }
        List<CounterEvent> read = new ArrayList<>();
        int most = 0;
        try (ParquetEventReader r = ParquetEventReader.open(file)) {
            assertEquals(6_000, r.footer().rowGroups());
            assertEquals(6_000, r.footer().rows());
            int columns = ParquetLayout.schema(r.metadataPlan()).getColumns().size();
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                read.add(e);
                most = Math.max(most, r.heldRowGroups());
            }
            assertTrue(most * columns <= FooterStream.WINDOW_CHUNKS, most + " row groups of " + columns + " columns");
        }
        assertEquals(all, read);
        assertTrue(most > 0 && most < 6_000 / 4, "held " + most);
    }
}
