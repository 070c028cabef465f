package dev.tally.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.ArrowExport;
import dev.tally.arrow.EventBatchReader;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetEventReader;
import dev.tally.parquet.ParquetEventWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's JDBC driver queries batches exported through the C Data Interface (registerArrowStream). */
class DuckDbArrowStreamTest {
    private static final int EVENTS = 200_000;

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

    /** Per event name: count and the sum of the timestamps, as DuckDB computes them. */
    private static Map<String, long[]> query(ArrowReader batches, BufferAllocator allocator) throws Exception {
        Map<String, long[]> got = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            ArrowExport.exportStream(batches, allocator, stream);
            c.unwrap(DuckDBConnection.class).registerArrowStream("events", stream);
            try (Statement s = c.createStatement();
                 // The timestamp is a union: DuckDB reads its members by name.
                 ResultSet rs = s.executeQuery("SELECT event_name, count(*), sum(coalesce(union_extract(timestamp, 'int'),"
                         + " CAST(union_extract(timestamp, 'float') AS BIGINT))) FROM events GROUP BY event_name")) {
                while (rs.next()) {
                    got.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            stream.release(); // if DuckDB has not released it yet; closing it then closes the reader
        }
        return got;
    }

    private static Map<String, long[]> expected(SampleTrace trace) throws Exception {
        Map<String, long[]> want = new HashMap<>();
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                long[] a = want.computeIfAbsent(e.eventName(), k -> new long[2]);
                a[0]++;
                a[1] += e.timestamp().longValue();
            }
        }
        return want;
    }

    private static void assertSame(Map<String, long[]> want, Map<String, long[]> got) {
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            assertEquals(e.getValue()[0], got.get(e.getKey())[0], e.getKey() + " count");
            assertEquals(e.getValue()[1], got.get(e.getKey())[1], e.getKey() + " timestamp sum");
        }
    }

    @Test
    void duckDbAggregatesAnArrowFileExportedWithoutACopy() throws Exception {
        SampleTrace trace = SampleTrace.of(EVENTS);
        Path file = tmp.resolve("t.arrow");
        ArrowEventWriter.builder().batchRows(10_000).open(file, trace.header()).writeAllAndClose(trace.reader());
        ArrowEventReader reader = ArrowEventReader.open(file, allocator);
        Map<String, long[]> got = query(reader.asArrowReader(), allocator);
        assertTrue(got.size() > 100);
        assertSame(expected(trace), got);
    }

    @Test
    void duckDbAggregatesACompressedStreamAndParquetReadAsArrowBatches() throws Exception {
        SampleTrace trace = SampleTrace.of(EVENTS);
        Path arrows = tmp.resolve("t.arrows");
        ArrowEventWriter.builder().form(dev.tally.arrow.ArrowForm.STREAM).codec(ArrowCodec.ZSTD).batchRows(7_000)
                .open(arrows, trace.header()).writeAllAndClose(trace.reader());
        assertSame(expected(trace), query(ArrowEventReader.open(arrows, allocator).asArrowReader(), allocator));
        Path parquet = tmp.resolve("t.parquet");
        ParquetEventWriter.builder().open(parquet, trace.header()).writeAllAndClose(trace.reader());
        assertSame(expected(trace), query(ParquetEventReader.open(parquet).arrowBatches(allocator), allocator));
        assertSame(expected(trace), query(EventBatchReader.of(trace.reader(), allocator), allocator));
    }
}
