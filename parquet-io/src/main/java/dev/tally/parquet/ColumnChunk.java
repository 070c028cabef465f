package dev.tally.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;

/**
 * One leaf column of the row group being written: the open page's values in primitive arrays (in subclasses), its
 * levels, and the pages already encoded and compressed, held until the row group is written. The caller stages
 * values into the open page; a closed page is encoded, compressed and kept by the {@link PageWorker}, which also
 * writes the row group, so each field below is either the caller's or the worker's. parquet-java writes
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
    // The worker's: pages encoded in this row group and their counts.
    private final List<Page> pages = new ArrayList<>();
    private long chunkValues;
    // The caller's: the open page's levels and counts.
    private int[] defLevels;
    private int[] repLevels;
    private final Spares<int[]> levelSpares = new Spares<>(() -> new int[PAGE_ROWS]);
    private int slots;
    private int nulls;
    private int rows;
    /** The row group's page sizes, shared by its columns. */
    private GroupBytes groupBytes = new GroupBytes();
    /** Statistics of the open page. */
    Statistics<?> stats;

    /** An encoded, compressed page; {@code rep} and {@code def} are null in version 1 pages (they are in data). */
    private record Page(int rows, int nulls, int values, byte[] rep, byte[] def, Encoding encoding, byte[] data,
                        int uncompressedSize, Statistics<?> stats) {
        long bytes() {
            return data.length + (rep == null ? 0 : rep.length) + (def == null ? 0 : def.length);
        }
    }

    /** A closed page's values, taken from the column and encoded later, on the worker. */
    interface PageValues {
        /** Writes the values into {@code out}, completes {@code stats}, and returns their encoding. */
        Encoding encode(ByteSink out, Statistics<?> stats) throws IOException;
    }

    /** A row group's dictionary page, written on the worker before the column's data pages. */
    interface ChunkDictionary {
        ChunkDictionary NONE = writer -> { };

        void write(ParquetFileWriter writer) throws IOException;
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

    /** Counts this column's pages into {@code bytes} (one count per row group, for all its columns). */
    final void countInto(GroupBytes bytes) {
        this.groupBytes = bytes;
    }

    /**
     * The sizes of a row group's pages: the caller adds an upper bound of each page's stored size when it hands
     * the page over; the worker adds the stored size, and the page's bound, once the page is encoded. Between them
     * they say, without waiting, whether the pages closed so far may have reached a size, so that a writer ends
     * row groups at the same rows whichever thread encodes its pages.
     */
    static final class GroupBytes {
        private final AtomicLong encoded = new AtomicLong();
        private final AtomicLong encodedBound = new AtomicLong();
        private long handedBound;

        /** On the caller: a page of at most {@code bound} stored bytes is handed to the worker. */
        void handed(long bound) {
            handedBound += bound;
        }

        /** On the worker: a page of {@code bound} is encoded to {@code bytes}. */
        void encoded(long bytes, long bound) {
            encoded.addAndGet(bytes);
            encodedBound.addAndGet(bound); // after the bytes: a reader of the bound sees those bytes
        }

        /** Bytes of the pages encoded so far. */
        long encoded() {
            return encoded.get();
        }

        /** On the caller: at least the stored bytes of every page handed over, encoded or not. */
        long upperBound() {
            long doneBound = encodedBound.get();
            return encoded.get() + (handedBound - doneBound);
        }
    }

    /** An upper bound of the open page's values when encoded, before compression. */
    abstract long valueBytesBound();

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

    /**
     * Takes the open page's values, leaving the column empty arrays for the next page; the values are encoded
     * later, on the worker.
     */
    abstract PageValues takeValues();

    /** Takes the row group's dictionary page, if the column has one, leaving an empty dictionary for the next. */
    ChunkDictionary takeDictionary() {
        return ChunkDictionary.NONE;
    }

    /** Closes the open page, if it holds anything, and hands it to the worker to encode and compress. */
    final void endPage() throws IOException {
        if (slots == 0) {
            return;
        }
        // Compression adds at most a sixth (Snappy's worst case) plus a header; version 1 pages prefix each level
        // array with its length.
        long rawBound = valueBytesBound() + (def(defLevels) + def(repLevels)) * (hybridBound(slots, 1) + 4);
        long bound = rawBound + rawBound / 6 + 64;
        PageValues values = takeValues();
        int[] def = defLevels;
        int[] rep = repLevels;
        int n = slots;
        int pageNulls = nulls;
        int pageRows = rows;
        Statistics<?> pageStats = stats;
        GroupBytes bytes = groupBytes;
        bytes.handed(bound);
        defLevels = def != null ? levelSpares.take() : null;
        repLevels = rep != null ? levelSpares.take() : null;
        slots = 0;
        nulls = 0;
        rows = 0;
        stats = Statistics.createStats(column.getPrimitiveType());
        options.worker().submit(() -> encodePage(values, def, rep, n, pageNulls, pageRows, pageStats, bytes, bound));
    }

    /** On the worker: encodes and compresses a page closed by {@link #endPage}. */
    private void encodePage(PageValues values, int[] defs, int[] reps, int n, int pageNulls, int pageRows,
                            Statistics<?> pageStats, GroupBytes bytes, long bound) throws IOException {
        ByteSink out = options.values();
        out.reset();
        Encoding encoding = values.encode(out, pageStats);
        pageStats.incrementNumNulls(pageNulls);
        byte[] rep = reps != null ? levels(reps, n) : EMPTY;
        byte[] def = defs != null ? levels(defs, n) : EMPTY;
        if (defs != null) {
            levelSpares.give(defs);
        }
        if (reps != null) {
            levelSpares.give(reps);
        }
        Page page;
        if (options.legacy()) {
            // Version 1: levels (each with its length) and values, compressed together.
            ByteSink whole = options.whole();
            whole.reset();
            if (reps != null) {
                whole.putIntLE(rep.length);
                whole.put(rep);
            }
            if (defs != null) {
                whole.putIntLE(def.length);
                whole.put(def);
            }
            whole.put(out.array(), 0, out.size());
            page = new Page(pageRows, pageNulls, n, null, null, encoding,
                    options.compressor().compress(whole.array(), whole.size()), whole.size(), pageStats);
        } else {
            // Version 2: levels stay uncompressed, outside the compressed values.
            page = new Page(pageRows, pageNulls, n, rep, def, encoding,
                    options.compressor().compress(out.array(), out.size()), out.size(), pageStats);
        }
        pages.add(page);
        bytes.encoded(page.bytes(), bound);
        chunkValues += n;
    }

    /** On the worker: pages encoded so far in this row group. */
    final int pageCount() {
        return pages.size();
    }

    /**
     * On the worker: writes the column chunk (its dictionary, then its pages) and forgets them for the next row
     * group. The caller has ended the chunk's last page and taken its dictionary.
     */
    final void writeTo(ParquetFileWriter writer, ChunkDictionary dictionary) throws IOException {
        writer.startColumn(column, chunkValues, options.compressor().codec().parquetName());
        dictionary.write(writer);
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
        pages.clear();
        chunkValues = 0;
        resetEncoding();
    }

    /** On the worker, after a row group is written: forgets what encoding kept for the row group. */
    void resetEncoding() {
    }

    /** On the worker: ids of the page being encoded, for numeric columns' dictionaries. */
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

    /**
     * An upper bound of {@link PageEncodings#hybrid}'s output for {@code n} values of {@code bitWidth} bits, however
     * they repeat: every value bit-packed (whole groups of 8), and per run of 8 or more equal values (at most n / 8
     * of them) a bit-packed and an RLE header of at most 5 bytes each and the run's value.
     */
    static long hybridBound(long n, int bitWidth) {
        long runs = n / 8 + 1;
        return (n / 8 + 1) * bitWidth + runs * (10 + (bitWidth + 7) / 8);
    }

    private static int def(int[] levels) {
        return levels == null ? 0 : 1;
    }

    /** Levels (at most 1) in the RLE / bit-packing hybrid of bit width 1: mostly one run. */
    private static byte[] levels(int[] levels, int n) {
        ByteSink out = new ByteSink(16);
        PageEncodings.hybrid(levels, n, 1, out);
        return out.toByteArray();
    }
}
