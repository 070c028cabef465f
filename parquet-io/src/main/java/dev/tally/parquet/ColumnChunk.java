package dev.tally.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;

/**
 * One leaf column of the row group being written: the open page's values in primitive arrays (in subclasses), its
 * levels, and the pages already encoded and compressed, held until the row group is written. parquet-java writes
 * the file around them ({@link ParquetFileWriter}: page headers, CRCs, statistics, column and offset indexes, the
 * footer); this class and its subclasses only lay out page bodies, in the encodings FORMAT.md lists.
 *
 * <p>Levels: every column of the layout has levels of at most 1 (optional columns, and the map's entries), so they
 * are bit width 1 runs. Pages end at row ends, as version 2 pages must: every {@link #PAGE_ROWS} rows for all
 * columns ({@link RowGroupBuilder}), and earlier for a string column past {@link #PAGE_BYTES} bytes or
 * {@link #PAGE_ROWS} values (long rows of the map).
 */
abstract class ColumnChunk {
    /** Most values (levels included) in a page; readers skip by page, so pages stay small. */
    static final int PAGE_ROWS = 16_384;
    /** A page ends once its values reach this many bytes (long strings). */
    static final int PAGE_BYTES = 1 << 20;
    private static final byte[] EMPTY = new byte[0];
    /** Version 1's name for dictionary encoding (pages and dictionary); deprecated only for version 2 files. */
    @SuppressWarnings("deprecation")
    static final Encoding V1_DICTIONARY = Encoding.PLAIN_DICTIONARY;

    final ColumnDescriptor column;
    final PageOptions options;
    private final int maxDef;
    private final int maxRep;
    private final List<Page> pages = new ArrayList<>();
    private long chunkValues;
    private long pagedBytes;
    private int[] defLevels;
    private int[] repLevels;
    private int slots;
    private int nulls;
    private int rows;
    /** Statistics of the open page. */
    Statistics<?> stats;

    /** An encoded, compressed page; {@code rep} and {@code def} are null in version 1 pages (they are in data). */
    private record Page(int rows, int nulls, int values, byte[] rep, byte[] def, Encoding encoding, byte[] data,
                        int uncompressedSize, Statistics<?> stats) {
        long bytes() {
            return data.length + (rep == null ? 0 : rep.length) + (def == null ? 0 : def.length);
        }
    }

    ColumnChunk(ColumnDescriptor column, PageOptions options) {
        this.column = column;
        this.options = options;
        this.maxDef = column.getMaxDefinitionLevel();
        this.maxRep = column.getMaxRepetitionLevel();
        if (maxDef > 1 || maxRep > 1) {
            throw new IllegalArgumentException("levels above 1 are not part of the layout: " + column);
        }
        this.defLevels = maxDef > 0 ? new int[PAGE_ROWS] : null;
        this.repLevels = maxRep > 0 ? new int[PAGE_ROWS] : null;
        this.stats = Statistics.createStats(column.getPrimitiveType());
    }

    /** A row of a non-repeated column with its value (pages of these end by row count: no growth needed). */
    final void presentRow() {
        if (defLevels != null) {
            defLevels[slots] = 1;
        }
        slots++;
        rows++;
    }

    /** A row of an optional, non-repeated column without a value. */
    final void nullRow() {
        defLevels[slots] = 0;
        slots++;
        rows++;
        nulls++;
    }

    /** {@code n} rows without a value (empty lists of a repeated column): levels all 0. */
    final void nullRows(int n) {
        int need = slots + n;
        if (need > defLevels.length) {
            int size = Math.max(need, 2 * defLevels.length);
            defLevels = Arrays.copyOf(defLevels, size);
            if (repLevels != null) {
                repLevels = Arrays.copyOf(repLevels, size);
            }
        }
        Arrays.fill(defLevels, slots, need, 0);
        if (repLevels != null) {
            Arrays.fill(repLevels, slots, need, 0);
        }
        slots = need;
        rows += n;
        nulls += n;
    }

    /** Records one value slot of any column: a value (defined) or a null, and whether it continues the row's list. */
    final void slot(boolean present, boolean continuesRow) {
        if (defLevels != null && slots == defLevels.length) {
            defLevels = Arrays.copyOf(defLevels, slots * 2);
        }
        if (repLevels != null && slots == repLevels.length) {
            repLevels = Arrays.copyOf(repLevels, slots * 2);
        }
        if (defLevels != null) {
            defLevels[slots] = present ? 1 : 0;
        }
        if (repLevels != null) {
            repLevels[slots] = continuesRow ? 1 : 0;
        }
        if (!present) {
            nulls++;
        }
        if (!continuesRow) {
            rows++;
        }
        slots++;
    }

    /** Values (levels included) in the open page. */
    final int slots() {
        return slots;
    }

    /** Writes the open page's values into {@code out}, completes {@link #stats}, clears the values; returns their encoding. */
    abstract Encoding encodeValues(ByteSink out) throws IOException;

    /** Writes a dictionary page before the data pages, if the column has one. */
    void writeDictionary(ParquetFileWriter writer) throws IOException {
    }

    /** Encodes and compresses the open page, if it holds anything. */
    final void endPage() throws IOException {
        if (slots == 0) {
            return;
        }
        ByteSink values = options.values();
        values.reset();
        Encoding encoding = encodeValues(values);
        stats.incrementNumNulls(nulls);
        byte[] rep = repLevels != null ? levels(repLevels, slots) : EMPTY;
        byte[] def = defLevels != null ? levels(defLevels, slots) : EMPTY;
        Page page;
        if (options.legacy()) {
            // Version 1: levels (each with its length) and values, compressed together.
            ByteSink whole = options.whole();
            whole.reset();
            if (repLevels != null) {
                whole.putIntLE(rep.length);
                whole.put(rep);
            }
            if (defLevels != null) {
                whole.putIntLE(def.length);
                whole.put(def);
            }
            whole.put(values.array(), 0, values.size());
            page = new Page(rows, nulls, slots, null, null, encoding,
                    options.compressor().compress(whole.array(), whole.size()), whole.size(), stats);
        } else {
            // Version 2: levels stay uncompressed, outside the compressed values.
            page = new Page(rows, nulls, slots, rep, def, encoding,
                    options.compressor().compress(values.array(), values.size()), values.size(), stats);
        }
        pages.add(page);
        pagedBytes += page.bytes();
        chunkValues += slots;
        slots = 0;
        nulls = 0;
        rows = 0;
        stats = Statistics.createStats(column.getPrimitiveType());
    }

    /** Pages encoded so far in this row group. */
    final int pageCount() {
        return pages.size();
    }

    /** Bytes of the pages encoded so far in this row group. */
    final long pagedBytes() {
        return pagedBytes;
    }

    /** Writes the column chunk: its dictionary, then its pages. */
    final void writeTo(ParquetFileWriter writer) throws IOException {
        endPage();
        writer.startColumn(column, chunkValues, options.compressor().codec().parquetName());
        writeDictionary(writer);
        boolean compressed = options.compressor().codec() != ParquetCodec.NONE;
        for (Page p : pages) {
            if (p.rep() == null) {
                writer.writeDataPage(p.values(), p.uncompressedSize(), BytesInput.from(p.data()), p.stats(), p.rows(),
                        Encoding.RLE, Encoding.RLE, p.encoding(), null, null);
            } else {
                writer.writeDataPageV2(p.rows(), p.nulls(), p.values(), BytesInput.from(p.rep()),
                        BytesInput.from(p.def()), p.encoding(), BytesInput.from(p.data()), compressed,
                        p.uncompressedSize(), p.stats());
            }
        }
        writer.endColumn();
    }

    /** Forgets the row group's pages (after writing them) for the next row group. */
    void reset() {
        pages.clear();
        chunkValues = 0;
        pagedBytes = 0;
        slots = 0;
        nulls = 0;
        rows = 0;
        stats = Statistics.createStats(column.getPrimitiveType());
    }

    /** Ids of the open page, for numeric columns' dictionaries (a writer is single-threaded). */
    private final int[] pageIds = new int[PAGE_ROWS];

    /**
     * The open page's {@code n} values as ids of {@code dictionary} (RLE_DICTIONARY; PLAIN_DICTIONARY in version 1
     * pages), or null when the dictionary filled up: the caller then falls back to its plain encoding for this page
     * and the rest of the row group.
     */
    final Encoding dictionaryIds(LongDictionary dictionary, long[] values, int n, ByteSink out) {
        if (n == 0) {
            return null; // no values: the plain encoding, which needs no dictionary page
        }
        for (int i = 0; i < n; i++) {
            int id = dictionary.intern(values[i]);
            if (id < 0) {
                return null;
            }
            pageIds[i] = id;
        }
        int bitWidth = PageEncodings.bitWidth(dictionary.size() - 1);
        out.put((byte) bitWidth);
        PageEncodings.hybrid(pageIds, n, bitWidth, out);
        return options.legacy() ? V1_DICTIONARY : Encoding.RLE_DICTIONARY;
    }

    /** Writes {@code dictionary}'s page, if it has entries. */
    final void writeDictionary(ParquetFileWriter writer, LongDictionary dictionary) throws IOException {
        if (dictionary == null || dictionary.size() == 0) {
            return;
        }
        ByteSink page = options.whole();
        page.reset();
        dictionary.writePlain(page);
        writeDictionaryPage(writer, page, dictionary.size());
    }

    /** Compresses a PLAIN dictionary page body of {@code entries} entries and writes the page. */
    final void writeDictionaryPage(ParquetFileWriter writer, ByteSink body, int entries) throws IOException {
        byte[] compressed = options.compressor().compress(body.array(), body.size());
        writer.writeDictionaryPage(new org.apache.parquet.column.page.DictionaryPage(BytesInput.from(compressed),
                body.size(), entries, options.legacy() ? V1_DICTIONARY : Encoding.PLAIN));
    }

    /** Levels (at most 1) in the RLE / bit-packing hybrid of bit width 1: mostly one run. */
    private static byte[] levels(int[] levels, int n) {
        ByteSink out = new ByteSink(16);
        PageEncodings.hybrid(levels, n, 1, out);
        return out.toByteArray();
    }
}
