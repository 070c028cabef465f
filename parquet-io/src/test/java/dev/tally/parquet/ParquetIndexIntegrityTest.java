package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flipped byte in a column index (which filtered reads skip pages by) never loses events silently: a file with
 * the footer's checksums refuses the filtered read naming row group and column; a file without them (an older
 * layout, another writer) is read whole and filtered event by event, so every event in range comes back.
 */
class ParquetIndexIntegrityTest {
    @TempDir
    static Path tmp;
    static Path file;
    static List<CounterEvent> all = new ArrayList<>();
    static final String NAME = "stablehlo.reduce";

    @BeforeAll
    static void write() throws Exception {
        SampleTrace trace = SampleTrace.of(60_000, SampleTrace.Shape.INT, 3);
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                all.add(e);
            }
        }
        file = tmp.resolve("t.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.builder().rowGroupRows(20_000).open(file, trace.header())) {
            for (CounterEvent e : all) {
                w.write(e);
            }
        }
    }

    private static List<CounterEvent> read(Path f, EventFilter filter) throws Exception {
        List<CounterEvent> out = new ArrayList<>();
        try (ParquetEventReader r = ParquetEventReader.open(f, filter)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<CounterEvent> expected(EventFilter f) {
        return all.stream().filter(f::matches).toList();
    }

    private static ColumnChunkMetaData chunk(Path f, int group, String column) throws Exception {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            for (ColumnChunkMetaData c : r.getRowGroups().get(group).getColumns()) {
                if (c.getPath().toDotString().equals(column)) {
                    return c;
                }
            }
        }
        throw new AssertionError(column);
    }

    /** A copy of {@code f} with one byte of the name column's column index of row group 1 flipped. */
    private static Path nameIndexFlipped(Path f, String copy) throws Exception {
        ColumnChunkMetaData c = chunk(f, 1, "event_name");
        byte[] bytes = Files.readAllBytes(f);
        long at = c.getColumnIndexReference().getOffset() + c.getColumnIndexReference().getLength() / 2;
        bytes[(int) at] ^= 0x5a;
        return Files.write(tmp.resolve(copy), bytes);
    }

    /**
     * A copy of {@code f} with an exponent bit of the timestamp column index's minimum of row group 1's page 1
     * raised (the page then seems to lie far above its events), and the filter that asks for exactly that page.
     */
    private static Path timestampMinRaised(Path f, String copy, EventFilter[] filter) throws Exception {
        ColumnChunkMetaData c = chunk(f, 1, "timestamp");
        ColumnIndex index;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
            index = r.readColumnIndex(c);
        }
        int page = Math.min(1, index.getMinValues().size() - 1); // page 0 of a row group of one page
        ByteBuffer min = index.getMinValues().get(page).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer max = index.getMaxValues().get(page).duplicate().order(ByteOrder.LITTLE_ENDIAN);
        filter[0] = EventFilter.timeRange(min.getDouble(0), max.getDouble(0));
        byte[] bytes = Files.readAllBytes(f);
        byte[] want = new byte[8];
        min.duplicate().get(want);
        int start = (int) c.getColumnIndexReference().getOffset();
        int found = -1;
        for (int i = start; i < start + c.getColumnIndexReference().getLength() - 8 && found < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + 8, want, 0, 8)) {
                found = i;
            }
        }
        assertTrue(found >= 0);
        int top = found + 7; // sign and the high exponent bits
        int bit = Integer.lowestOneBit(~bytes[top] & 0x3f); // a zero exponent bit: setting it raises the value
        bytes[top] |= (byte) bit;
        return Files.write(tmp.resolve(copy), bytes);
    }

    /** A copy of {@code f} whose footer has none of the checksums, as files of older tally layouts. */
    static Path withoutChecksums(Path f, String copy) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = bytes.length - 8 - length;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, length));
        for (RowGroup rg : meta.getRow_groups()) {
            for (ColumnChunk c : rg.getColumns()) {
                c.getMeta_data().unsetKey_value_metadata();
            }
        }
        meta.getKey_value_metadata().removeIf(kv -> kv.getKey().equals(ChunkChecksums.MARKER_KEY));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, start);
        Util.writeFileMetaData(meta, out);
        int newLength = out.size() - start;
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newLength).array());
        out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Files.write(tmp.resolve(copy), out.toByteArray());
    }

    @Test
    void filteredReadsOfAnIntactFileReturnExactlyTheirEvents() throws Exception {
        EventFilter names = EventFilter.names(Set.of(NAME));
        assertEquals(expected(names), read(file, names));
        EventFilter[] range = new EventFilter[1];
        timestampMinRaised(file, "unused.parquet", range);
        assertEquals(expected(range[0]), read(file, range[0]));
        assertTrue(expected(range[0]).size() > 100);
        assertEquals(ChunkChecksums.Result.VERIFIED, ParquetEventReader.checkIndexChecksums(file));
    }

    @Test
    void aFlippedByteInAColumnIndexIsRefusedByAFilteredReadNamingRowGroupAndColumn() throws Exception {
        Path damaged = nameIndexFlipped(file, "name-index.parquet");
        FormatException e = assertThrows(FormatException.class, () -> read(damaged, EventFilter.names(Set.of(NAME))));
        assertTrue(e.getMessage().contains("row group 1, column 'event_name': column index checksum mismatch: the file"
                + " is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("name-index.parquet"), e.getMessage());
        assertThrows(FormatException.class, () -> ParquetEventReader.checkIndexChecksums(damaged));
        try (ParquetEventReader r = ParquetEventReader.open(damaged)) { // a full read uses no index
            assertEquals(all, r.readAll().events());
        }
    }

    @Test
    void aRaisedExponentBitInTheTimestampIndexIsRefusedByAFilteredRead() throws Exception {
        EventFilter[] range = new EventFilter[1];
        Path damaged = timestampMinRaised(file, "ts-index.parquet", range);
        FormatException e = assertThrows(FormatException.class, () -> read(damaged, range[0]));
        assertTrue(e.getMessage().contains("row group 1, column 'timestamp': column index checksum mismatch"),
                e.getMessage());
    }

    @Test
    void withoutChecksumsAFlippedIndexStillLosesNoEvent() throws Exception {
        Path plain = withoutChecksums(file, "plain.parquet");
        assertEquals(ChunkChecksums.Result.ABSENT, ParquetEventReader.checkIndexChecksums(plain));
        EventFilter names = EventFilter.names(Set.of(NAME));
        assertEquals(expected(names), read(nameIndexFlipped(plain, "plain-name-index.parquet"), names));
        EventFilter[] range = new EventFilter[1];
        Path ts = timestampMinRaised(plain, "plain-ts-index.parquet", range);
        assertEquals(expected(range[0]), read(ts, range[0]));
        assertTrue(expected(range[0]).size() > 100);
    }

    @Test
    void withoutChecksumsEveryIndexIsCheckedAgainstItsPages() throws Exception {
        Path plain = withoutChecksums(file, "plain2.parquet");
        ParquetEventReader.checkIndexes(plain); // intact: no complaint
        FormatException name = assertThrows(FormatException.class,
                () -> ParquetEventReader.checkIndexes(nameIndexFlipped(plain, "plain2-name.parquet")));
        assertTrue(name.getMessage().contains("row group 1, column 'event_name'"), name.getMessage());
        FormatException ts = assertThrows(FormatException.class,
                () -> ParquetEventReader.checkIndexes(timestampMinRaised(plain, "plain2-ts.parquet", new EventFilter[1])));
        assertTrue(ts.getMessage().contains("row group 1, column 'timestamp', page 1: the column index says min"),
                ts.getMessage());
    }

    @Test
    void theIndexesOfFilesOfEarlierLayoutsAndOtherWritersPassTheCheck() throws Exception {
        Path seeds = Path.of("src/test/resources/dev/tally/parquet/ParquetFuzzTestInputs/readsOrRefuses");
        int checked = 0;
        try (var files = Files.list(seeds)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("sample-")
                    || p.getFileName().toString().endsWith(".input.parquet")).sorted().toList()) {
                ParquetEventReader.checkIndexes(f);
                checked++;
            }
        }
        assertTrue(checked >= 4);
    }

    /** A copy of {@code f} whose footer {@code edit} changed (checksums left as they were). */
    static Path footerEdited(Path f, String copy, java.util.function.Consumer<FileMetaData> edit) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = bytes.length - 8 - length;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, length));
        edit.accept(meta);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, start);
        Util.writeFileMetaData(meta, out);
        int newLength = out.size() - start;
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newLength).array());
        out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Files.write(tmp.resolve(copy), out.toByteArray());
    }

    @Test
    void aCodecThisLibraryCannotReadIsRefusedAtOpenNamingRowGroupAndColumn() throws Exception {
        // as another tool writes it: without this library's checksums
        Path brotli = footerEdited(withoutChecksums(file, "plain3.parquet"), "brotli.parquet", m -> m.getRow_groups().get(0).getColumns().get(3)
                .getMeta_data().setCodec(org.apache.parquet.format.CompressionCodec.BROTLI));
        FormatException e = assertThrows(FormatException.class, () -> ParquetEventReader.open(brotli));
        assertTrue(e.getMessage().contains("codec BROTLI is not supported (row group 0, column 'timeunit')"),
                e.getMessage());
    }

    @Test
    void aDictionaryPageClaimingMoreEntriesThanItHasBytesIsRefusedAtOpen() throws Exception {
        ColumnChunkMetaData c = chunk(file, 0, "event_name"); // its chunk starts with the dictionary page
        byte[] bytes = Files.readAllBytes(file);
        int start = (int) c.getStartingPos();
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, start, bytes.length - start);
        org.apache.parquet.format.PageHeader h = Util.readPageHeader(in);
        int headerLength = bytes.length - start - in.available();
        assertTrue(h.isSetDictionary_page_header());
        int entries = h.getDictionary_page_header().getNum_values();
        for (int claim = h.getUncompressed_page_size() + 1; ; claim++) { // a count of the same encoded length
            h.getDictionary_page_header().setNum_values(claim);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Util.writePageHeader(h, out);
            if (out.size() == headerLength) {
                System.arraycopy(out.toByteArray(), 0, bytes, start, headerLength);
                break;
            }
            assertTrue(claim < 1 << 20, "no claim of " + headerLength + " bytes for " + entries);
        }
        Path damaged = Files.write(tmp.resolve("dictionary.parquet"), bytes);
        for (EventFilter f : new EventFilter[] {EventFilter.ALL, EventFilter.names(Set.of(NAME))}) {
            FormatException e = assertThrows(FormatException.class, () -> read(damaged, f));
            assertTrue(e.getMessage().contains("row group 0, column event_name: a dictionary page claims"),
                    e.getMessage());
        }
    }

    @Test
    void aDamagedChunkMetadataIsRefusedByEveryRead() throws Exception {
        // the row group's statistics (which filtered reads skip row groups by) sit in the chunk's metadata
        byte[] bytes = Files.readAllBytes(file);
        int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = bytes.length - 8 - length;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, length));
        ColumnChunk c = meta.getRow_groups().get(2).getColumns().get(1);
        byte[] max = c.getMeta_data().getStatistics().getMax_value();
        int found = -1;
        for (int i = start; i < bytes.length - 8 && found < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + 8, max, 0, 8)) {
                found = i;
            }
        }
        assertTrue(found > 0);
        bytes[found + 6] ^= 0x10;
        Path damaged = Files.write(tmp.resolve("stats.parquet"), bytes);
        FormatException e = assertThrows(FormatException.class, () -> ParquetEventReader.open(damaged));
        assertTrue(e.getMessage().contains("row group 2, column 'timestamp': column chunk metadata checksum mismatch"),
                e.getMessage());
    }
}
