package dev.tally.parquet;

import dev.tally.core.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Checks every column index, offset index and row group statistic of a file against the pages they describe, for
 * files without the footer's checksums (whose indexes filtered reads therefore do not trust): each offset index
 * entry against the page headers (offset, size, first row), each column index entry against the page's decoded
 * values (null page, null count, and minimum and maximum bounding every value), and each chunk's statistics against
 * all its values. A bound that excludes a value present is what would make a filtered read lose events.
 */
final class IndexCheck {
    private final Path path;
    private final FormatException.Location at;

    private IndexCheck(Path path) {
        this.path = path;
        this.at = FormatException.Location.UNKNOWN.inSource(path.toString());
    }

    /** Throws a {@link FormatException} naming row group, column and page at the first mismatch. */
    static void check(Path path) throws IOException {
        new IndexCheck(path).run();
    }

    private void run() throws IOException {
        try (ParquetFileReader file = ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(path),
                ColumnarEventReader.options()); FileChannel ch = FileChannel.open(path)) {
            MessageType schema = file.getFooter().getFileMetaData().getSchema();
            List<BlockMetaData> groups = file.getRowGroups();
            for (int g = 0; g < groups.size(); g++) {
                BlockMetaData b = groups.get(g);
                if (b.getRowCount() == 0) {
                    continue;
                }
                List<List<long[]>> pages = new ArrayList<>();
                List<OffsetIndex> offsets = new ArrayList<>();
                List<ColumnIndex> columnIndexes = new ArrayList<>();
                for (ColumnChunkMetaData c : b.getColumns()) {
                    String where = "row group " + g + ", column '" + c.getPath().toDotString() + "'";
                    ColumnDescriptor d = schema.getColumnDescription(c.getPath().toArray());
                    List<long[]> walked = walk(ch, c, d, where);
                    OffsetIndex oi;
                    ColumnIndex ci;
                    try {
                        oi = file.readOffsetIndex(c);
                        ci = file.readColumnIndex(c);
                    } catch (IOException | RuntimeException e) {
                        throw new FormatException(at.atByte(Math.max(0, c.getStartingPos())), where
                                + ": unreadable page index (" + e.getMessage() + ")", e);
                    }
                    checkOffsets(oi, walked, where);
                    pages.add(walked);
                    offsets.add(oi);
                    columnIndexes.add(ci);
                }
                PageReadStore store = file.readNextRowGroup();
                if (store == null) {
                    return;
                }
                ColumnReadStoreImpl values = new ColumnReadStoreImpl(store, new Ignore(schema), schema,
                        file.getFooter().getFileMetaData().getCreatedBy());
                for (int c = 0; c < b.getColumns().size(); c++) {
                    ColumnChunkMetaData chunk = b.getColumns().get(c);
                    String where = "row group " + g + ", column '" + chunk.getPath().toDotString() + "'";
                    ColumnDescriptor d = schema.getColumnDescription(chunk.getPath().toArray());
                    checkValues(values.getColumnReader(d), d, chunk, offsets.get(c), columnIndexes.get(c),
                            where);
                }
            }
        }
    }

    /** The chunk's data pages as the headers say: {offset, size with header, rows or -1 when unknown}. */
    private List<long[]> walk(FileChannel ch, ColumnChunkMetaData c, ColumnDescriptor d, String where)
            throws IOException {
        List<long[]> pages = new ArrayList<>();
        long end = c.getStartingPos() + c.getTotalSize();
        long pos = c.getStartingPos();
        while (pos < end) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 16, end - pos));
            ch.read(buf, pos);
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(buf.array(), 0, buf.position());
            PageHeader h;
            try {
                h = org.apache.parquet.format.Util.readPageHeader(in);
            } catch (IOException | RuntimeException e) {
                throw new FormatException(at.atByte(pos), where + ": unreadable page header (" + e.getMessage() + ")", e);
            }
            long headerBytes = buf.position() - in.available();
            long size = headerBytes + h.getCompressed_page_size();
            if (h.getCompressed_page_size() < 0 || pos + size > end) {
                throw new FormatException(at.atByte(pos), where + ": a page runs past its column chunk");
            }
            if (h.getType() == PageType.DATA_PAGE_V2) {
                pages.add(new long[] {pos, size, h.getData_page_header_v2().getNum_rows()});
            } else if (h.getType() == PageType.DATA_PAGE) {
                pages.add(new long[] {pos, size, d.getMaxRepetitionLevel() == 0
                        ? h.getData_page_header().getNum_values() : -1});
            }
            pos += size;
        }
        return pages;
    }

    private void checkOffsets(OffsetIndex oi, List<long[]> pages, String where) throws FormatException {
        if (oi == null) {
            return;
        }
        if (oi.getPageCount() != pages.size()) {
            throw new FormatException(at, where + ": the offset index lists " + oi.getPageCount() + " pages, the chunk"
                    + " holds " + pages.size() + ": the index is damaged");
        }
        long row = 0;
        for (int p = 0; p < pages.size(); p++) {
            long[] page = pages.get(p);
            if (oi.getOffset(p) != page[0] || oi.getCompressedPageSize(p) != page[1]
                    || row >= 0 && oi.getFirstRowIndex(p) != row) {
                throw new FormatException(at.atByte(page[0]), where + ", page " + p + ": the offset index says offset "
                        + oi.getOffset(p) + ", " + oi.getCompressedPageSize(p) + " bytes, first row "
                        + oi.getFirstRowIndex(p) + "; the page is at " + page[0] + ", " + page[1] + " bytes"
                        + (row >= 0 ? ", first row " + row : "") + ": the index is damaged");
            }
            row = row >= 0 && page[2] >= 0 ? row + page[2] : -1;
        }
    }

    /** Page by page (rows as the offset index, checked above, says), what the column index and statistics claim. */
    private void checkValues(ColumnReader r, ColumnDescriptor d, ColumnChunkMetaData chunk, OffsetIndex oi,
                             ColumnIndex ci, String where) throws FormatException {
        PrimitiveType type = d.getPrimitiveType();
        int pagesCount = oi == null ? 1 : oi.getPageCount();
        Bounds chunkBounds = new Bounds(type);
        Bounds page = new Bounds(type);
        int p = 0;
        long row = -1;
        long total = chunk.getValueCount();
        for (long i = 0; i < total; i++) {
            if (r.getCurrentRepetitionLevel() == 0) {
                row++;
                while (oi != null && p + 1 < pagesCount && row >= oi.getFirstRowIndex(p + 1)) {
                    checkPage(ci, p, page, where);
                    page = new Bounds(type);
                    p++;
                }
            }
            if (r.getCurrentDefinitionLevel() == d.getMaxDefinitionLevel()) {
                Object v = switch (type.getPrimitiveTypeName()) {
                    case DOUBLE -> r.getDouble();
                    case FLOAT -> r.getFloat();
                    case INT64 -> r.getLong();
                    case INT32 -> r.getInteger();
                    case BOOLEAN -> r.getBoolean();
                    default -> r.getBinary();
                };
                page.add(v);
                chunkBounds.add(v);
            } else {
                page.nulls++;
                chunkBounds.nulls++;
            }
            r.consume();
        }
        checkPage(ci, p, page, where);
        Statistics<?> s = chunk.getStatistics();
        if (s != null && s.hasNonNullValue() && chunkBounds.min != null
                && (chunkBounds.compare(s.genericGetMin(), chunkBounds.min) > 0
                || chunkBounds.compare(s.genericGetMax(), chunkBounds.max) < 0)) {
            throw new FormatException(at.atByte(chunk.getStartingPos()), where + ": the row group's statistics (min "
                    + s.minAsString() + ", max " + s.maxAsString() + ") do not bound its values (" + chunkBounds
                    + "): the footer is damaged");
        }
    }

    private void checkPage(ColumnIndex ci, int p, Bounds page, String where) throws FormatException {
        if (ci == null) {
            return;
        }
        if (p >= ci.getNullPages().size()) {
            throw new FormatException(at, where + ": the column index has " + ci.getNullPages().size()
                    + " pages, the offset index more: the index is damaged");
        }
        boolean nullPage = ci.getNullPages().get(p);
        String says = where + ", page " + p + ": the column index says ";
        if (nullPage != (page.min == null && page.nans == 0)) {
            throw new FormatException(at, says + (nullPage ? "it holds only nulls" : "it holds values")
                    + ", it holds " + page + ": the index is damaged");
        }
        if (ci.getNullCounts() != null && ci.getNullCounts().get(p) != page.nulls) {
            throw new FormatException(at, says + ci.getNullCounts().get(p) + " nulls, it holds " + page.nulls
                    + ": the index is damaged");
        }
        if (!nullPage && page.min != null) {
            Object min = page.decode(ci.getMinValues().get(p));
            Object max = page.decode(ci.getMaxValues().get(p));
            if (page.compare(min, page.min) > 0 || page.compare(max, page.max) < 0) {
                throw new FormatException(at, says + "min " + min + ", max " + max + ", it holds " + page
                        + ": the index is damaged");
            }
        }
    }

    /** The least and greatest value seen (NaN aside, which Parquet's statistics leave out), and the nulls. */
    private static final class Bounds {
        final PrimitiveType type;
        @SuppressWarnings("rawtypes")
        final PrimitiveComparator comparator;
        Object min;
        Object max;
        long nulls;
        long nans;

        Bounds(PrimitiveType type) {
            this.type = type;
            this.comparator = type.comparator();
        }

        void add(Object v) {
            if (v instanceof Double x && x.isNaN() || v instanceof Float f && f.isNaN()) {
                nans++;
                return;
            }
            if (min == null || compare(v, min) < 0) {
                min = v;
            }
            if (max == null || compare(v, max) > 0) {
                max = v;
            }
        }

        /** Orders as the column's comparator, but -0.0 and 0.0 as equal (Parquet's statistics write either). */
        @SuppressWarnings("unchecked")
        int compare(Object a, Object b) {
            if (a instanceof Double x && b instanceof Double y) {
                return x < y ? -1 : x > y ? 1 : 0;
            }
            if (a instanceof Float x && b instanceof Float y) {
                return x < y ? -1 : x > y ? 1 : 0;
            }
            return comparator.compare(a, b);
        }

        Object decode(ByteBuffer b) {
            ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            return switch (type.getPrimitiveTypeName()) {
                case DOUBLE -> le.getDouble(le.position());
                case FLOAT -> le.getFloat(le.position());
                case INT64 -> le.getLong(le.position());
                case INT32 -> le.getInt(le.position());
                case BOOLEAN -> le.get(le.position()) != 0;
                default -> Binary.fromConstantByteBuffer(b.duplicate());
            };
        }

        @Override
        public String toString() {
            return min == null ? nulls + " nulls" + (nans > 0 ? " and NaNs" : "")
                    : "values from " + show(min) + " to " + show(max) + ", " + nulls + " nulls";
        }

        private static String show(Object v) {
            return v instanceof Binary b ? "'" + b.toStringUsingUTF8() + "'" : String.valueOf(v);
        }
    }

    /** Converters that take nothing: the column readers are read directly. */
    private static final class Ignore extends GroupConverter {
        private final Converter[] children;

        Ignore(GroupType type) {
            children = new Converter[type.getFieldCount()];
            for (int i = 0; i < children.length; i++) {
                Type t = type.getType(i);
                children[i] = t.isPrimitive() ? new PrimitiveConverter() {
                } : new Ignore(t.asGroupType());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
