package dev.tally.parquet;

import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.EventBatchReader;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a counter event stream written in the Parquet layout, one event at a time, in memory bounded by a row
 * group. Errors name the file and, for a bad value, the event's index and the column.
 *
 * <p>Not thread-safe: one reader per thread (several readers may read one file at once).
 */
public final class ParquetEventReader implements EventReader {
    private final FormatException.Location at;
    private final StreamHeader header;
    private final MetadataPlan plan;
    /** parquet-java's record reader, for filtered reads (it skips by statistics); null when reading everything. */
    private final ParquetReader<CounterEvent> reader;
    /** Our column reader, for full reads; null when filtering. */
    private final ColumnarEventReader columnar;
    private final EventFilter filter;
    private final Footer facts;
    /** Whether parquet-java skips by statistics and indexes (verified by their checksums); else events are filtered here. */
    private final boolean skipping;
    private long index;

    /**
     * What a file's footer says, known without reading any event: rows (events) and row groups of the whole file,
     * the compression codecs of its column chunks (parquet-java's names, such as {@code ZSTD}), its schema as
     * Parquet's text form, the writer that made it, and the file's key-value metadata (FORMAT.md).
     */
    public record Footer(long rows, int rowGroups, List<String> codecs, String schema, String createdBy,
                         Map<String, String> keyValueMetadata) {
        /** Copies the codecs and metadata. */
        public Footer {
            codecs = List.copyOf(codecs);
            keyValueMetadata = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(keyValueMetadata));
        }
    }

    private ParquetEventReader(Path path, EventFilter filter, boolean pipelined) throws IOException {
        this.at = FormatException.Location.UNKNOWN.inSource(path.toString());
        InputFile input = new LocalInputFile(path);
        checkMagic(path);
        long dataEnd = dataEnd(path);
        // The footer is read one row group at a time (its checksums verified on the way), and the row groups are
        // then read in windows: memory does not grow with the number of row groups.
        FooterStream stream;
        ChunkChecksums.Result sums;
        long[] rows = {0};
        Set<String> codecs = new java.util.TreeSet<>();
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            ChunkChecksums.Verifier verifier = ChunkChecksums.verifier(ch, !filter.isAll(), at);
            try {
                stream = FooterStream.read(ch, dataEnd, ch.size() - 8 - dataEnd, rg -> {
                    verifier.accept(rg);
                    rows[0] += rg.getNum_rows();
                    for (org.apache.parquet.format.ColumnChunk c : rg.getColumns()) {
                        if (c.getMeta_data() != null && c.getMeta_data().getCodec() != null) {
                            codecs.add(org.apache.parquet.hadoop.metadata.CompressionCodecName
                                    .fromParquet(c.getMeta_data().getCodec()).name());
                        }
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            } catch (FormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new FormatException(at, "not a readable Parquet file (" + e.getMessage() + ")", e);
            }
            sums = verifier.result(stream.head());
        }
        FileMetaData meta;
        try {
            meta = new org.apache.parquet.format.converter.ParquetMetadataConverter()
                    .fromParquetMetadata(stream.head()).getFileMetaData();
        } catch (IOException | RuntimeException e) {
            throw new FormatException(at, "not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        ParquetLayout.Parsed parsed = ParquetLayout.parse(meta.getSchema(), meta.getKeyValueMetaData(), at);
        facts = new Footer(rows[0], stream.rowGroups(), List.copyOf(codecs), meta.getSchema().toString(),
                meta.getCreatedBy() == null ? "" : meta.getCreatedBy(), meta.getKeyValueMetaData());
        this.header = parsed.header();
        this.plan = parsed.plan();
        this.filter = filter;
        // Filtered reads skip row groups and pages by statistics and indexes: only those of a file with checksums
        // are trusted; other files are read whole and filtered event by event.
        skipping = !filter.isAll() && sums == ChunkChecksums.Result.VERIFIED;
        if (!skipping) {
            this.reader = null;
            this.columnar = new ColumnarEventReader(new RowGroupWindows(path, stream, dataEnd, at), parsed.schema(),
                    plan, pipelined);
            return;
        }
        // parquet-java's record reader holds the whole footer (a file of many row groups costs memory here)
        try (ParquetFileReader file = ParquetFileReader.open(input, ColumnarEventReader.options())) {
            List<org.apache.parquet.hadoop.metadata.BlockMetaData> blocks = file.getFooter().getBlocks();
            ParquetLayout.checkCodecs(blocks, 0, at);
            ParquetLayout.checkRowCounts(blocks, 0, at);
            ParquetLayout.checkChunkRanges(blocks, 0, dataEnd, at);
            ParquetLayout.checkPageExtents(path, blocks, 0, at);
            ParquetLayout.checkOffsetIndexes(file, at); // filtered reads skip pages by them
        } catch (FormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FormatException(at, "not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        this.columnar = null;
        Builder b = new Builder(input, new EventReadSupport(plan));
        b.withConf(new PlainParquetConfiguration());
        b.usePageChecksumVerification(true); // pages with a CRC that does not match are refused, not decoded
        b.withCodecFactory(new PageDecompressors());
        // Row groups and pages whose statistics, dictionaries or column indexes rule the filter out are never
        // read; records in the pages that are read are filtered one by one.
        b.withFilter(FilterCompat.get(predicate(filter)));
        this.reader = b.build();
    }

    /** Opens a Parquet file of this library's layout. */
    public static ParquetEventReader open(Path path) throws IOException {
        return new ParquetEventReader(path, EventFilter.ALL, ColumnarEventReader.PIPELINED);
    }

    /** A full read with pages decoded on a second thread or not, whatever the processors (for tests). */
    static ParquetEventReader open(Path path, boolean pipelined) throws IOException {
        return new ParquetEventReader(path, EventFilter.ALL, pipelined);
    }

    /**
     * Opens a Parquet file for the events {@code filter} keeps. In a file with the footer's checksums (FORMAT.md),
     * verified first, row groups and pages that statistics and indexes rule out are skipped; a file without them
     * is read whole and filtered event by event, so that a damaged index cannot lose events.
     */
    public static ParquetEventReader open(Path path, EventFilter filter) throws IOException {
        return new ParquetEventReader(path, filter, ColumnarEventReader.PIPELINED);
    }

    /**
     * The filter as a parquet-java predicate over the {@code timestamp} and {@code event_name} columns. The double
     * column holds an integer timestamp beyond 2^53 rounded, so the range is widened to keep every row whose exact
     * timestamp may be in it; {@link #next()} drops the rows that widening let through.
     */
    static FilterPredicate predicate(EventFilter filter) {
        FilterPredicate p = null;
        if (!filter.isFullRange()) {
            Operators.DoubleColumn ts = FilterApi.doubleColumn(Columns.TIMESTAMP);
            // Rounding to the nearest double is monotone: t >= from gives double(t) >= double(from), and t < to
            // gives double(t) <= double(to), strictly below only for a float bound (no integer's double equals a
            // non-integral float or an infinity).
            FilterPredicate upper = filter.to().isInteger() ? FilterApi.ltEq(ts, filter.to().doubleValue())
                    : FilterApi.lt(ts, filter.to().doubleValue());
            p = FilterApi.and(FilterApi.gtEq(ts, filter.from().doubleValue()), upper);
        }
        if (!filter.names().isEmpty()) {
            Set<Binary> names = new HashSet<>();
            for (String n : filter.names()) {
                names.add(Binary.fromString(n));
            }
            FilterPredicate in = FilterApi.in(FilterApi.binaryColumn(Columns.EVENT_NAME), names);
            p = p == null ? in : FilterApi.and(p, in);
        }
        return p;
    }

    /**
     * How many rows the filter leaves to read after skipping by statistics, dictionaries and column indexes,
     * before the row-by-row check: the measure of what a filtered read skips.
     */
    public static long rowsToRead(Path path, EventFilter filter) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withRecordFilter(filter.isAll() ? FilterCompat.NOOP : FilterCompat.get(predicate(filter)))
                .build();
        try (ParquetFileReader f = ParquetFileReader.open(new LocalInputFile(path), options)) {
            return f.getFilteredRecordCount();
        }
    }

    /** Verifies the footer's checksums (FORMAT.md), with those of the indexes. Says whether the file has them. */
    private static ChunkChecksums.Result verifyChecksums(Path path, FormatException.Location at) throws IOException {
        long end = dataEnd(path);
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            ChunkChecksums.Verifier v = ChunkChecksums.verifier(ch, true, at);
            FooterStream f;
            try {
                f = FooterStream.read(ch, end, ch.size() - 8 - end, v);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            } catch (FormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new FormatException(at.atByte(end), "unreadable footer (" + e.getMessage() + ")", e);
            }
            return v.result(f.head());
        }
    }

    /**
     * Checks what filtered reads skip by, beyond what every read checks: with the footer's checksums, the checksums
     * of every column and offset index. Says whether the file has checksums; a file without them gets
     * {@link ChunkChecksums.Result#ABSENT}, and its indexes can only be checked against its pages.
     */
    static ChunkChecksums.Result checkIndexChecksums(Path path) throws IOException {
        return verifyChecksums(path, FormatException.Location.UNKNOWN.inSource(path.toString()));
    }

    /**
     * Checks what filtered reads skip row groups and pages by (full reads use none of it): in a file with the
     * footer's checksums (FORMAT.md), those of every column and offset index; in a file without them, every column
     * index, offset index and row group statistic against the pages it describes. Throws a {@link FormatException}
     * naming the row group, column and page of the first problem. Reads every page once.
     */
    public static void checkIndexes(Path path) throws IOException {
        if (checkIndexChecksums(path) == ChunkChecksums.Result.ABSENT) {
            IndexCheck.check(path);
        }
    }

    /** Where the data ends: before the footer, its 4-byte length and the closing magic. */
    private static long dataEnd(Path path) throws IOException {
        long size = Files.size(path);
        byte[] length = new byte[4];
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            ch.read(java.nio.ByteBuffer.wrap(length), size - 8);
        }
        long footer = java.nio.ByteBuffer.wrap(length).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        return Math.max(0, size - 8 - footer);
    }

    private void checkMagic(Path path) throws IOException {
        long size = Files.size(path);
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            ch.read(java.nio.ByteBuffer.wrap(head), 0);
            if (size >= 8) {
                ch.read(java.nio.ByteBuffer.wrap(tail), size - 4);
            }
        }
        if (size < 12 || !new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1")) {
            throw new FormatException(at.atByte(0), "not a Parquet file: it does not start with PAR1");
        }
        if (!new String(tail, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1")) {
            throw new FormatException(at.atByte(size), "Parquet file without its footer: it was cut, or its writer"
                    + " died before closing it. Parquet finds its data through the footer, so nothing in this file can"
                    + " be read: write it again from its source. For long runs that may be killed, write a dataset"
                    + " folder (ParquetDatasetWriter: a killed writer loses only the file it was writing) or the Arrow"
                    + " stream form (every flushed batch stays readable)");
        }
    }

    @Override
    public StreamHeader header() {
        return header;
    }

    /** What the file's footer says: rows, row groups, codecs, schema, writer. */
    public Footer footer() {
        return facts;
    }

    /** Row groups whose metadata a full read holds now (for tests); 0 for filtered reads. */
    int heldRowGroups() {
        return columnar == null ? 0 : columnar.heldRowGroups();
    }

    /** The typed metadata columns of the file. */
    public MetadataPlan metadataPlan() {
        return plan;
    }

    /**
     * The events still to read (those the filter keeps) as Arrow record batches of {@code batchRows} rows in the
     * layout of FORMAT.md, with this file's typed metadata columns. Closing the batches closes this reader.
     */
    public EventBatchReader arrowBatches(BufferAllocator allocator, int batchRows) {
        return EventBatchReader.of(this, allocator, plan, batchRows);
    }

    /** {@link #arrowBatches(BufferAllocator, int)} with the Arrow writer's default batch size. */
    public EventBatchReader arrowBatches(BufferAllocator allocator) {
        return arrowBatches(allocator, ArrowEventWriter.DEFAULT_BATCH_ROWS);
    }

    @Override
    public CounterEvent next() throws IOException {
        try {
            if (columnar != null) {
                CounterEvent e;
                do {
                    e = columnar.next();
                    if (e == null) {
                        return null;
                    }
                    index++; // the event's index in the file
                } while (!filter.isAll() && !filter.matches(e));
                return e;
            }
            for (CounterEvent e = reader.read(); e != null; e = reader.read()) {
                // the predicate compares the rounded double column: the exact check keeps what the filter keeps
                if (filter.matches(e)) {
                    index++;
                    return e;
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            throw new FormatException(at.atEvent(index), e.getMessage(), e);
        } catch (org.apache.parquet.io.ParquetDecodingException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) { // the materializer's, through parquet-java
                throw new FormatException(at.atEvent(index), bad.getMessage(), e);
            }
            throw new FormatException(at.atEvent(index), "corrupt Parquet data (" + e + ")", e);
        } catch (FormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // parquet-java reports corrupt pages as plain I/O or decoding errors
            throw new FormatException(at.atEvent(index), "corrupt Parquet data (" + e + ")", e);
        }
    }

    /**
     * After a {@link FormatException} from {@link #next()}, gives up the rest of the row group where it happened,
     * so that {@link #next()} goes on with the next row group (event indexes stay those of the file). Validators
     * use it to report the problems of every row group. Only full reads can do this.
     *
     * @return whether there is a next row group to go on with
     */
    public boolean skipRowGroup() throws IOException {
        if (columnar == null) {
            return false;
        }
        long next = columnar.skipRowGroup();
        if (next < 0) {
            return false;
        }
        index = next;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (columnar != null) {
            columnar.close();
        } else {
            reader.close();
        }
    }

    private static final class Builder extends ParquetReader.Builder<CounterEvent> {
        private final EventReadSupport support;

        Builder(InputFile file, EventReadSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected ReadSupport<CounterEvent> getReadSupport() {
            return support;
        }
    }
}
