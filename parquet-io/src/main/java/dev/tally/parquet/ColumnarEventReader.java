package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.TypedMembers;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads every event of a Parquet file of the layout column by column, without record assembly: parquet-java reads
 * the pages, verifies their CRCs and decompresses them; each page is then decoded at once into arrays (levels and
 * dictionary ids by {@link PageEncodings#decodeHybrid}, other values by parquet-java's value readers, so every
 * encoding a writer may use is read), and events are built row by row from the arrays. Memory: one page per
 * column. Filtered reads go through parquet-java's record reader instead, which skips by statistics.
 *
 * <p>Problems are reported as {@link IllegalArgumentException}s naming the column, for the caller to place.
 */
final class ColumnarEventReader implements Closeable {
    /** Most values a page may claim: pages of this layout hold 16,384; other writers' pages a few hundred thousand. */
    static final int MAX_PAGE_VALUES = 1 << 24;

    /**
     * How a file is opened: pages whose CRC does not match are refused, not decoded, and pages are decompressed by
     * a {@link PageDecompressors} of the file's own (released when the file is closed).
     */
    static ParquetReadOptions options() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration())
                .usePageChecksumVerification(true)
                .withCodecFactory(new PageDecompressors())
                .build();
    }

    private final ParquetFileReader file;
    private final MetadataColumn[] columns;
    private final TypedMembers members;
    private final Cursor names;
    private final Cursor timestamps;
    private final Cursor exact;
    private final Cursor units;
    private final Cursor[] typed;
    private final Cursor keys;
    private final Cursor values;
    private final Cursor[] all;
    private final JsonValue[] typedValues;
    private final List<String> generalKeys = new ArrayList<>();
    private final List<String> generalValues = new ArrayList<>();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long rowsLeft;
    private long rowGroupRows;
    private boolean started;
    /** The row group being read (-1 before the first), whether it is being loaded, and its first row. */
    private int group = -1;
    private boolean loading;
    private long groupFirstRow;

    /** Reads {@code file} (opened with {@link #options()}; owned from now on) in the layout of {@code plan}. */
    ColumnarEventReader(ParquetFileReader file, MessageType schema, MetadataPlan plan) {
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        List<ColumnDescriptor> leaves = schema.getColumns();
        if (leaves.size() != ParquetLayout.FIRST_METADATA_COLUMN + columns.length + 2) {
            throw new IllegalArgumentException("the schema's columns do not match its metadata plan");
        }
        this.names = new Cursor(leaves.get(ParquetLayout.NAME), null);
        this.timestamps = new Cursor(leaves.get(ParquetLayout.TIMESTAMP), null);
        this.exact = new Cursor(leaves.get(ParquetLayout.TIMESTAMP_INT_FIELD), null);
        this.units = new Cursor(leaves.get(ParquetLayout.UNIT), null);
        this.typed = new Cursor[columns.length];
        for (int c = 0; c < columns.length; c++) {
            typed[c] = new Cursor(leaves.get(ParquetLayout.FIRST_METADATA_COLUMN + c), columns[c].kind());
        }
        int map = ParquetLayout.FIRST_METADATA_COLUMN + columns.length;
        this.keys = new Cursor(leaves.get(map), null);
        this.values = new Cursor(leaves.get(map + 1), null);
        this.all = ParquetLayout.leavesInOrder(names, timestamps, exact, units, typed, keys, values, Cursor[]::new);
        this.typedValues = new JsonValue[columns.length];
        this.members = new TypedMembers(plan);
        this.file = file;
    }

    /** The next event, or null after the last. */
    CounterEvent next() throws IOException {
        while (rowsLeft == 0) {
            if (started) {
                for (Cursor c : all) {
                    c.checkExhausted();
                }
            }
            if (group >= 0) {
                groupFirstRow += file.getRowGroups().get(group).getRowCount();
            }
            group = nonEmptyFrom(group + 1); // parquet-java passes over empty row groups too
            started = false;
            loading = true;
            PageReadStore rows = file.readNextRowGroup();
            loading = false; // parquet-java has moved past the group: a failure from here on is inside it
            if (rows == null) {
                return null;
            }
            rowsLeft = rows.getRowCount();
            rowGroupRows = rowsLeft;
            for (Cursor c : all) {
                c.start(rows.getPageReader(c.column));
            }
            started = true;
        }
        rowsLeft--;
        String name = names.requiredString();
        double timestamp = timestamps.requiredDouble();
        boolean hasInt = exact.optional();
        long intTimestamp = hasInt ? exact.longValue() : 0;
        String unit = units.requiredString();
        for (int c = 0; c < typed.length; c++) {
            typedValues[c] = typed[c].optional() ? typed[c].json() : null;
        }
        generalKeys.clear();
        generalValues.clear();
        boolean entry = keys.rowStart();
        if (values.rowStart() != entry) {
            throw new IllegalArgumentException("column " + values.name + ": levels disagree with " + keys.name);
        }
        while (entry) {
            generalKeys.add(keys.string());
            generalValues.add(values.string());
            entry = keys.continues();
            if (values.continues() != entry) {
                throw new IllegalArgumentException("column " + values.name + ": levels disagree with " + keys.name);
            }
        }
        return EventMaterializer.event(name, timestamp, hasInt, intTimestamp, unit, members, typedValues,
                generalKeys, generalValues);
    }

    /**
     * After an error, gives up the rest of the row group where it happened: {@link #next()} goes on with the next
     * row group. Returns the index of that group's first row, or -1 when there is none to go on with.
     */
    long skipRowGroup() throws IOException {
        if (group < 0 || group >= file.getRowGroups().size()) {
            return -1;
        }
        if (loading) { // the failure was in parquet-java reading the group's pages: it has not moved past it
            loading = false;
            file.skipNextRowGroup();
        }
        rowsLeft = 0;
        started = false; // its cursors are not checked for leftover values
        long next = groupFirstRow + file.getRowGroups().get(group).getRowCount();
        return nonEmptyFrom(group + 1) < file.getRowGroups().size() ? next : -1;
    }

    /** The first row group from {@code g} on that has rows (the number of groups if none). */
    private int nonEmptyFrom(int g) {
        while (g < file.getRowGroups().size() && file.getRowGroups().get(g).getRowCount() == 0) {
            g++;
        }
        return g;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private String decode(Binary b, String column) {
        try {
            return utf8.decode(b.toByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("column " + column + ": text is not valid UTF-8");
        }
    }

    /** One column of the row group: its current page's levels and values, decoded, and a position in them. */
    private final class Cursor {
        final ColumnDescriptor column;
        final String name;
        final MetadataKind kind;
        final int maxDef;
        final int maxRep;
        private PageReader pages;
        private Dictionary dictionary;
        private String[] dictionaryStrings;
        private int[] def = new int[0];
        private int[] rep = new int[0];
        private int[] ids = new int[0];
        private int slots;
        private int pos;
        private int count;
        private int next;
        private long[] longs = new long[0];
        private double[] doubles = new double[0];
        private boolean[] bools = new boolean[0];
        private String[] strings = new String[0];
        // The last typed value: values repeat from one event to the next, and are immutable.
        private JsonValue lastJson;
        private long lastBits;
        private String lastString;

        Cursor(ColumnDescriptor column, MetadataKind kind) {
            this.column = column;
            this.name = String.join(".", column.getPath());
            this.kind = kind;
            this.maxDef = column.getMaxDefinitionLevel();
            this.maxRep = column.getMaxRepetitionLevel();
        }

        void start(PageReader reader) throws IOException {
            pages = reader;
            slots = 0;
            pos = 0;
            count = 0;
            next = 0;
            lastJson = null;
            lastString = null;
            DictionaryPage page = reader.readDictionaryPage();
            dictionary = page == null ? null : page.getEncoding().initDictionary(column, page);
            dictionaryStrings = null;
        }

        /** Whether a slot is left, loading pages as needed. */
        private boolean ensure() throws IOException {
            while (pos == slots) {
                if (!loadPage()) {
                    return false;
                }
            }
            return true;
        }

        private int slotDef() throws IOException {
            if (!ensure()) {
                throw new IllegalArgumentException("column " + name + ": fewer values than the row group's "
                        + rowGroupRows + " rows");
            }
            return maxDef == 0 ? maxDef : def[pos];
        }

        String requiredString() throws IOException {
            slotDef();
            pos++;
            return string();
        }

        double requiredDouble() throws IOException {
            slotDef();
            pos++;
            return doubleValue();
        }

        /** Moves past an optional, non-repeated slot: whether it holds a value (then read it). */
        boolean optional() throws IOException {
            int d = slotDef();
            pos++;
            return d == maxDef;
        }

        /** Starts a row of the map's column: whether it has an entry (then read it). */
        boolean rowStart() throws IOException {
            int d = slotDef();
            if (rep[pos] != 0) {
                throw new IllegalArgumentException("column " + name + ": a row starts with repetition level "
                        + rep[pos]);
            }
            pos++;
            return d == maxDef;
        }

        /** Whether the row's list goes on (then moves to its next entry, to be read). */
        boolean continues() throws IOException {
            if (!ensure() || rep[pos] == 0) {
                return false;
            }
            if (def[pos] != maxDef) {
                throw new IllegalArgumentException("column " + name + ": an empty entry inside a map");
            }
            pos++;
            return true;
        }

        private void checkValue() {
            if (next >= count) {
                throw new IllegalArgumentException("column " + name + ": fewer values than definition levels");
            }
        }

        String string() {
            checkValue();
            return strings[next++];
        }

        double doubleValue() {
            checkValue();
            return doubles[next++];
        }

        long longValue() {
            checkValue();
            return longs[next++];
        }

        JsonValue json() {
            checkValue();
            int k = next++;
            switch (kind) {
                case INT64 -> {
                    if (lastJson == null || longs[k] != lastBits) {
                        lastBits = longs[k];
                        lastJson = JsonValue.of(longs[k]);
                    }
                }
                case FLOAT64 -> {
                    long bits = Double.doubleToRawLongBits(doubles[k]);
                    if (lastJson == null || bits != lastBits) {
                        lastBits = bits;
                        lastJson = JsonValue.of(doubles[k]);
                    }
                }
                case BOOL -> lastJson = JsonValue.of(bools[k]);
                case STRING, STRING_DICT -> {
                    if (lastJson == null || strings[k] != lastString) { // dictionary strings: one object per id
                        lastString = strings[k];
                        lastJson = JsonValue.of(lastString);
                    }
                }
            }
            return lastJson;
        }

        void checkExhausted() throws IOException {
            if (ensure()) {
                throw new IllegalArgumentException("column " + name + ": more values than the row group's "
                        + rowGroupRows + " rows");
            }
        }

        private boolean loadPage() throws IOException {
            DataPage page = pages.readPage();
            if (page == null) {
                return false;
            }
            int n = page.getValueCount();
            if (n < 0 || n > MAX_PAGE_VALUES || maxRep == 0 && n > rowGroupRows) {
                throw new IllegalArgumentException("column " + name + ": a page claims " + n + " values");
            }
            if (def.length < n) {
                int size = Math.max(n, 2 * def.length);
                def = new int[size];
                rep = new int[size];
            }
            ByteBufferInputStream data;
            Encoding encoding;
            if (page instanceof DataPageV2 v2) {
                if (maxRep > 0) {
                    PageEncodings.decodeHybrid(buffer(v2.getRepetitionLevels().toInputStream()),
                            PageEncodings.bitWidth(maxRep), rep, n);
                }
                if (maxDef > 0) {
                    PageEncodings.decodeHybrid(buffer(v2.getDefinitionLevels().toInputStream()),
                            PageEncodings.bitWidth(maxDef), def, n);
                }
                data = v2.getData().toInputStream();
                encoding = v2.getDataEncoding();
            } else {
                DataPageV1 v1 = (DataPageV1) page;
                data = v1.getBytes().toInputStream();
                if (maxRep > 0) {
                    levels(v1.getRlEncoding(), ValuesType.REPETITION_LEVEL, data, rep, n);
                }
                if (maxDef > 0) {
                    levels(v1.getDlEncoding(), ValuesType.DEFINITION_LEVEL, data, def, n);
                }
                encoding = v1.getValueEncoding();
            }
            int present = n;
            if (maxDef > 0) {
                present = 0;
                for (int i = 0; i < n; i++) {
                    int d = def[i];
                    if (d == maxDef) {
                        present++;
                    } else if (d < 0 || d > maxDef) {
                        throw new IllegalArgumentException("column " + name + ": definition level " + d);
                    }
                }
            }
            for (int i = 0; maxRep > 0 && i < n; i++) {
                if (rep[i] < 0 || rep[i] > maxRep) {
                    throw new IllegalArgumentException("column " + name + ": repetition level " + rep[i]);
                }
            }
            decodeValues(encoding, data, present);
            slots = n;
            pos = 0;
            count = present;
            next = 0;
            return true;
        }

        private void levels(Encoding encoding, ValuesType type, ByteBufferInputStream in, int[] out, int n)
                throws IOException {
            ValuesReader r = encoding.getValuesReader(column, type);
            r.initFromPage(n, in);
            for (int i = 0; i < n; i++) {
                out[i] = r.readInteger();
            }
        }

        private ByteBuffer buffer(ByteBufferInputStream in) throws IOException {
            return in.slice(in.available());
        }

        private void decodeValues(Encoding encoding, ByteBufferInputStream in, int n) throws IOException {
            switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> strings = strings.length >= n ? strings : new String[Math.max(n, 2 * strings.length)];
                case DOUBLE -> doubles = doubles.length >= n ? doubles : new double[Math.max(n, 2 * doubles.length)];
                case INT64 -> longs = longs.length >= n ? longs : new long[Math.max(n, 2 * longs.length)];
                case BOOLEAN -> bools = bools.length >= n ? bools : new boolean[Math.max(n, 2 * bools.length)];
                default -> throw new IllegalArgumentException("column " + name + ": unexpected type");
            }
            if (n == 0) {
                return;
            }
            if (encoding.usesDictionary()) {
                if (dictionary == null) {
                    throw new IllegalArgumentException("column " + name + ": dictionary-encoded page without a"
                            + " dictionary");
                }
                ByteBuffer b = buffer(in);
                if (!b.hasRemaining()) {
                    throw new IllegalArgumentException("column " + name + ": empty dictionary-encoded page");
                }
                int bitWidth = b.get() & 0xff;
                if (ids.length < n) {
                    ids = new int[Math.max(n, 2 * ids.length)];
                }
                PageEncodings.decodeHybrid(b, bitWidth, ids, n);
                int size = dictionary.getMaxId() + 1;
                for (int i = 0; i < n; i++) {
                    if (ids[i] < 0 || ids[i] >= size) {
                        throw new IllegalArgumentException("column " + name + ": dictionary id " + ids[i]
                                + " of a dictionary of " + size);
                    }
                }
                switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                    case BINARY -> {
                        if (dictionaryStrings == null) {
                            dictionaryStrings = new String[size];
                        }
                        for (int i = 0; i < n; i++) {
                            String s = dictionaryStrings[ids[i]];
                            if (s == null) {
                                s = decode(dictionary.decodeToBinary(ids[i]), name);
                                dictionaryStrings[ids[i]] = s;
                            }
                            strings[i] = s;
                        }
                    }
                    case DOUBLE -> {
                        for (int i = 0; i < n; i++) {
                            doubles[i] = dictionary.decodeToDouble(ids[i]);
                        }
                    }
                    case INT64 -> {
                        for (int i = 0; i < n; i++) {
                            longs[i] = dictionary.decodeToLong(ids[i]);
                        }
                    }
                    default -> throw new IllegalArgumentException("column " + name + ": dictionary of booleans");
                }
                return;
            }
            if (encoding == Encoding.BYTE_STREAM_SPLIT
                    && column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
                PageEncodings.decodeByteStreamSplit(buffer(in), n, doubles); // our pages' timestamps
                return;
            }
            ValuesReader r = encoding.getValuesReader(column, ValuesType.VALUES);
            r.initFromPage(n, in);
            switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> {
                    for (int i = 0; i < n; i++) {
                        strings[i] = decode(r.readBytes(), name);
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        doubles[i] = r.readDouble();
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++) {
                        longs[i] = r.readLong();
                    }
                }
                case BOOLEAN -> {
                    for (int i = 0; i < n; i++) {
                        bools[i] = r.readBoolean();
                    }
                }
                default -> throw new IllegalArgumentException("column " + name + ": unexpected type");
            }
        }
    }
}
