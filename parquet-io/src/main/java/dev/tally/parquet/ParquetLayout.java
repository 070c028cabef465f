package dev.tally.parquet;

import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.StreamMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of the columnar layout, in one place: building it for a metadata plan, and recognising it in
 * a file. FORMAT.md describes it in prose. Parquet has no union, so the timestamp is a {@code double} column that
 * every tool sorts, filters and plots, beside an optional {@code int64} for the integer timestamps a double cannot
 * hold exactly. No other is needed: hespas makes every integral float an integer, so a finite integral double is
 * an integer timestamp and anything else a float one.
 */
final class ParquetLayout {
    /** The exact integer timestamp, present when it is beyond +-2^53 ({@link Columns#needsExactInt}). */
    static final String TIMESTAMP_INT = Columns.FLAT_TIMESTAMP_INT;
    static final String KEY_VALUE = "key_value";
    static final String KEY = "key";
    static final String VALUE = "value";

    /** Field positions of the fixed columns. */
    static final int NAME = 0;
    static final int TIMESTAMP = 1;
    static final int TIMESTAMP_INT_FIELD = 2;
    static final int UNIT = 3;
    static final int FIRST_METADATA_COLUMN = 4;

    private ParquetLayout() {
    }

    /** What a file's schema and key-value metadata say. */
    record Parsed(StreamHeader header, MetadataPlan plan, MessageType schema) {
    }

    /**
     * The leaf columns' objects in schema order: name, timestamp, exact timestamp, unit, the typed metadata columns,
     * then the map's key and value (what {@link MessageType#getColumns()} lists for {@link #schema}).
     */
    static <T> T[] leavesInOrder(T name, T timestamp, T exactTimestamp, T unit, T[] typed, T key, T value,
                                 java.util.function.IntFunction<T[]> array) {
        T[] all = array.apply(FIRST_METADATA_COLUMN + typed.length + 2);
        all[NAME] = name;
        all[TIMESTAMP] = timestamp;
        all[TIMESTAMP_INT_FIELD] = exactTimestamp;
        all[UNIT] = unit;
        System.arraycopy(typed, 0, all, FIRST_METADATA_COLUMN, typed.length);
        all[FIRST_METADATA_COLUMN + typed.length] = key;
        all[FIRST_METADATA_COLUMN + typed.length + 1] = value;
        return all;
    }

    static MessageType schema(MetadataPlan plan) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(Columns.EVENT_NAME);
        b.required(PrimitiveTypeName.DOUBLE).named(Columns.TIMESTAMP);
        b.optional(PrimitiveTypeName.INT64).named(TIMESTAMP_INT);
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(Columns.TIMEUNIT);
        for (MetadataColumn c : plan.columns()) {
            switch (c.kind()) {
                case INT64 -> b.optional(PrimitiveTypeName.INT64).named(c.columnName());
                case FLOAT64 -> b.optional(PrimitiveTypeName.DOUBLE).named(c.columnName());
                case BOOL -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.columnName());
                case STRING, STRING_DICT -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.columnName());
            }
        }
        b.requiredGroup().as(LogicalTypeAnnotation.mapType())
                .repeatedGroup()
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(KEY)
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(VALUE)
                .named(KEY_VALUE)
                .named(Columns.METADATA);
        return b.named("counter_event");
    }

    static Map<String, String> keyValueMetadata(StreamHeader header) {
        return StreamMetadata.of(header);
    }

    static Parsed parse(MessageType schema, Map<String, String> kv, FormatException.Location at) throws FormatException {
        StreamHeader header = StreamMetadata.parse(kv, "the Parquet file",
                schema.getFields().stream().map(Type::getName).toList(), at);
        List<Type> fields = schema.getFields();
        int n = fields.size();
        if (n < FIRST_METADATA_COLUMN + 1) {
            throw new FormatException(at, "the schema has " + n + " columns, fewer than the layout's");
        }
        expect(fields.get(NAME), Columns.EVENT_NAME, PrimitiveTypeName.BINARY, Type.Repetition.REQUIRED, at);
        expect(fields.get(TIMESTAMP), Columns.TIMESTAMP, PrimitiveTypeName.DOUBLE, Type.Repetition.REQUIRED, at);
        expect(fields.get(TIMESTAMP_INT_FIELD), TIMESTAMP_INT, PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL, at);
        expect(fields.get(UNIT), Columns.TIMEUNIT, PrimitiveTypeName.BINARY, Type.Repetition.REQUIRED, at);
        for (int i = FIRST_METADATA_COLUMN; i < n - 1; i++) {
            if (fields.get(i).getName().equals(Columns.METADATA)) { // columns after the last one: name the first
                throw new FormatException(at.atField(fields.get(i + 1).getName()), "column is not part of layout"
                        + " version " + Columns.LAYOUT_VERSION);
            }
        }
        List<MetadataColumn> columns = new ArrayList<>();
        for (int i = FIRST_METADATA_COLUMN; i < n - 1; i++) {
            Type t = fields.get(i);
            if (!t.getName().startsWith(Columns.METADATA_PREFIX) || !t.isPrimitive()
                    || t.getRepetition() != Type.Repetition.OPTIONAL) {
                throw new FormatException(at.atField(t.getName()), "column is not part of layout version " + Columns.LAYOUT_VERSION);
            }
            String key = t.getName().substring(Columns.METADATA_PREFIX.length());
            MetadataKind kind = switch (t.asPrimitiveType().getPrimitiveTypeName()) {
                case INT64 -> MetadataKind.INT64;
                case DOUBLE -> MetadataKind.FLOAT64;
                case BOOLEAN -> MetadataKind.BOOL;
                case BINARY -> MetadataKind.STRING;
                default -> throw new FormatException(at.atField(t.getName()), "expected int64, double, boolean or string, found " + t);
            };
            try {
                columns.add(new MetadataColumn(key, kind));
            } catch (IllegalArgumentException e) {
                throw new FormatException(at.atField(t.getName()), e.getMessage());
            }
        }
        Type general = fields.get(n - 1);
        if (!general.getName().equals(Columns.METADATA) || general.isPrimitive() || !isStringMap(general.asGroupType())) {
            throw new FormatException(at.atField(general.getName()), "expected the map<string, string> column "
                    + Columns.METADATA + " last, found " + general);
        }
        try {
            return new Parsed(header, new MetadataPlan(columns), schema);
        } catch (IllegalArgumentException e) {
            throw new FormatException(at, e.getMessage());
        }
    }

    /** The page codecs this library reads (others need Hadoop's native codecs). */
    static final java.util.Set<org.apache.parquet.hadoop.metadata.CompressionCodecName> CODECS = java.util.EnumSet.of(
            org.apache.parquet.hadoop.metadata.CompressionCodecName.UNCOMPRESSED,
            org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY,
            org.apache.parquet.hadoop.metadata.CompressionCodecName.GZIP,
            org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD,
            org.apache.parquet.hadoop.metadata.CompressionCodecName.LZ4_RAW);

    /** Refuses, before any event is read, a column chunk compressed with a codec this library cannot read. */
    static void checkCodecs(List<BlockMetaData> rowGroups, int first, FormatException.Location at)
            throws FormatException {
        for (int i = 0; i < rowGroups.size(); i++) {
            int g = first + i;
            for (ColumnChunkMetaData c : rowGroups.get(i).getColumns()) {
                if (!CODECS.contains(c.getCodec())) {
                    throw new FormatException(at.atByte(Math.max(0, c.getStartingPos())), "codec " + c.getCodec()
                            + " is not supported (row group " + g + ", column '" + c.getPath().toDotString()
                            + "'); this library reads " + CODECS.stream().map(Enum::name)
                            .collect(java.util.stream.Collectors.joining(", ")));
                }
            }
        }
    }

    /**
     * Checks that each row group's row count is its top-level columns' value count. The footer has no checksum, and
     * a damaged row count would otherwise make readers return fewer (or more) events without a word.
     */
    static void checkRowCounts(List<BlockMetaData> rowGroups, int first, FormatException.Location at)
            throws FormatException {
        for (int i = 0; i < rowGroups.size(); i++) {
            int g = first + i;
            BlockMetaData b = rowGroups.get(i);
            for (ColumnChunkMetaData c : b.getColumns()) {
                if (c.getPath().size() == 1 && c.getValueCount() != b.getRowCount()) {
                    throw new FormatException(at.atByte(c.getStartingPos()), "row group " + g + " says it has "
                            + b.getRowCount() + " rows, but its column " + c.getPath().toDotString() + " holds "
                            + c.getValueCount() + " values: the footer is damaged");
                }
            }
        }
    }

    /**
     * Every column chunk lies inside the file's data, between the leading magic and the footer: parquet-java
     * allocates a chunk's claimed size before reading it, so a damaged footer could otherwise ask for gigabytes.
     */
    static void checkChunkRanges(List<BlockMetaData> rowGroups, int first, long dataEnd, FormatException.Location at)
            throws FormatException {
        for (int i = 0; i < rowGroups.size(); i++) {
            int g = first + i;
            if (rowGroups.get(i).getRowCount() == 0) {
                continue; // parquet-java never reads an empty row group (pyarrow writes them with offsets of 0)
            }
            for (ColumnChunkMetaData c : rowGroups.get(i).getColumns()) {
                long start = c.getStartingPos();
                long size = c.getTotalSize();
                if (start < 4 || size < 0 || size > dataEnd - start) {
                    throw new FormatException(at.atByte(Math.max(0, start)), "row group " + g + ", column "
                            + c.getPath().toDotString() + ": the footer puts " + size + " bytes at byte " + start
                            + ", outside the file's " + dataEnd + " bytes of data: the footer is damaged");
                }
            }
        }
    }

    /**
     * Every page of every column chunk lies inside its chunk, as far as the page headers say. parquet-java reads
     * a page that runs past the end of a row group's last chunk from the file (a workaround for an old writer's
     * bug), allocating the size its header claims first: a damaged header could ask for gigabytes.
     */
    static void checkPageExtents(Path path, List<BlockMetaData> rowGroups, int first, FormatException.Location at)
            throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            for (int i = 0; i < rowGroups.size(); i++) {
                int g = first + i;
                if (rowGroups.get(i).getRowCount() == 0) {
                    continue;
                }
                for (ColumnChunkMetaData c : rowGroups.get(i).getColumns()) {
                    long end = c.getStartingPos() + c.getTotalSize();
                    long pos = c.getStartingPos();
                    while (pos < end) {
                        ch.position(pos);
                        CountingStream in = new CountingStream(new java.io.BufferedInputStream(
                                java.nio.channels.Channels.newInputStream(ch), 512));
                        org.apache.parquet.format.PageHeader h;
                        try {
                            h = org.apache.parquet.format.Util.readPageHeader(in);
                        } catch (java.io.IOException | RuntimeException e) {
                            throw new FormatException(at.atByte(pos), "row group " + g + ", column "
                                    + c.getPath().toDotString() + ": unreadable page header (" + e.getMessage() + ")", e);
                        }
                        long next = pos + in.count + h.getCompressed_page_size();
                        if (h.getCompressed_page_size() < 0 || next > end) {
                            throw new FormatException(at.atByte(pos), "row group " + g + ", column "
                                    + c.getPath().toDotString() + ": a page of " + h.getCompressed_page_size()
                                    + " bytes runs past its column chunk, which ends at byte " + end);
                        }
                        checkPageCounts(h, g, c, pos, at);
                        pos = next;
                    }
                }
            }
        }
    }

    /**
     * The counts of a page header that readers size allocations by, bounded: a dictionary's entries by its bytes
     * (each entry takes at least one), a data page's values by {@link ColumnarEventReader#MAX_PAGE_VALUES}, and its
     * uncompressed size by {@link Integer#MAX_VALUE} (Thrift's i32 can be negative). Page headers are outside the
     * pages' CRCs and the footer's checksums.
     */
    private static void checkPageCounts(org.apache.parquet.format.PageHeader h, int g, ColumnChunkMetaData c, long pos,
                                        FormatException.Location at) throws FormatException {
        String where = "row group " + g + ", column " + c.getPath().toDotString() + ": ";
        if (h.getUncompressed_page_size() < 0) {
            throw new FormatException(at.atByte(pos), where + "a page header claims " + h.getUncompressed_page_size()
                    + " uncompressed bytes");
        }
        if (h.isSetDictionary_page_header()) {
            int n = h.getDictionary_page_header().getNum_values();
            if (n < 0 || n > h.getUncompressed_page_size()) {
                throw new FormatException(at.atByte(pos), where + "a dictionary page claims " + n + " entries in "
                        + h.getUncompressed_page_size() + " bytes: the page header is damaged");
            }
        }
        int values = h.isSetData_page_header() ? h.getData_page_header().getNum_values()
                : h.isSetData_page_header_v2() ? h.getData_page_header_v2().getNum_values() : 0;
        if (values < 0 || values > ColumnarEventReader.MAX_PAGE_VALUES) {
            throw new FormatException(at.atByte(pos), where + "a page header claims " + values + " values, more than"
                    + " the " + ColumnarEventReader.MAX_PAGE_VALUES + " this library reads in a page");
        }
    }

    /** Counts the bytes read through it (a page header's length). */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * The offset indexes that filtered reads skip pages by are whole: pages in row order, inside their row group and
     * column chunk. parquet-java trusts them (a damaged one trips an assertion, or, with assertions off, makes row
     * ranges that could drop matching rows), and the footer that points at them carries no checksum.
     */
    static void checkOffsetIndexes(org.apache.parquet.hadoop.ParquetFileReader file, FormatException.Location at)
            throws FormatException {
        List<BlockMetaData> groups = file.getRowGroups();
        for (int g = 0; g < groups.size(); g++) {
            BlockMetaData b = groups.get(g);
            if (b.getRowCount() == 0) {
                continue;
            }
            for (ColumnChunkMetaData c : b.getColumns()) {
                org.apache.parquet.internal.column.columnindex.OffsetIndex index;
                try {
                    index = file.readOffsetIndex(c);
                } catch (java.io.IOException | RuntimeException e) {
                    throw new FormatException(at.atByte(Math.max(0, c.getStartingPos())), "row group " + g + ", column "
                            + c.getPath().toDotString() + ": unreadable offset index (" + e.getMessage() + ")", e);
                }
                if (index == null) {
                    continue;
                }
                long previous = -1;
                long chunkEnd = c.getStartingPos() + c.getTotalSize();
                for (int p = 0; p < index.getPageCount(); p++) {
                    long first = index.getFirstRowIndex(p);
                    long offset = index.getOffset(p);
                    boolean ok = (p == 0 ? first == 0 : first > previous) && first < b.getRowCount()
                            && offset >= c.getStartingPos() && index.getCompressedPageSize(p) > 0
                            && offset + index.getCompressedPageSize(p) <= chunkEnd;
                    if (!ok) {
                        throw new FormatException(at.atByte(Math.max(0, offset)), "row group " + g + ", column "
                                + c.getPath().toDotString() + ": page " + p + " of the offset index (first row " + first
                                + ", offset " + offset + ") is out of order or outside its chunk: the index is damaged");
                    }
                    previous = first;
                }
            }
        }
    }

    private static boolean isStringMap(GroupType g) {
        if (g.getFieldCount() != 1 || g.getType(0).isPrimitive()) {
            return false;
        }
        GroupType kv = g.getType(0).asGroupType();
        return kv.getRepetition() == Type.Repetition.REPEATED && kv.getFieldCount() == 2
                && isString(kv.getType(0)) && kv.getType(0).getRepetition() == Type.Repetition.REQUIRED
                && isString(kv.getType(1)) && kv.getType(1).getRepetition() == Type.Repetition.REQUIRED;
    }

    private static boolean isString(Type t) {
        return t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
    }

    private static void expect(Type t, String name, PrimitiveTypeName type, Type.Repetition repetition,
                               FormatException.Location at) throws FormatException {
        if (!t.getName().equals(name) || !t.isPrimitive() || t.asPrimitiveType().getPrimitiveTypeName() != type
                || t.getRepetition() != repetition) {
            PrimitiveType want = new PrimitiveType(repetition, type, name);
            throw new FormatException(at.atField(name), "expected " + want + ", found " + t);
        }
    }
}
