package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.ColumnFinder;
import dev.tally.core.columnar.KeyCheck;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import dev.tally.core.json.HespasJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One record batch being filled, row by row, straight into Arrow buffers. The vectors are allocated once for
 * {@code capacity} rows and reset after each batch, so a writer holds one batch whatever the stream's length.
 */
final class BatchBuilder implements AutoCloseable {
    /** Distinct general-metadata keys whose UTF-8 bytes are cached. */
    private static final int KEY_CACHE_LIMIT = 4096;

    private final int capacity;
    private final VectorSchemaRoot root;
    private final IntVector names;
    private final IntVector units;
    private final MetadataColumn[] columns;
    private final MetadataKind[] kinds;
    private final FieldVector[] columnVectors;
    private final StringDictionary[] columnDictionaries;
    private final ColumnFinder finder;
    private final MapVector general;
    private final StructVector entries;
    private final VarCharVector keys;
    private final VarCharVector values;
    private final Map<String, byte[]> keyBytes = new HashMap<>();
    /** The last string and its id per dictionary-encoded column: consecutive events often repeat a value. */
    private final String[] lastStrings;
    private final int[] lastStringIds;
    // Addresses of the fixed-width buffers, written without Arrow's per-call checks: the vectors were allocated
    // for `capacity` rows (checked in the constructor), a row index never reaches it, and reset() keeps buffers.
    private final long nameData;
    private final long unitData;
    private final long typeIds;
    private final long intData;
    private final long intValidity;
    private final long floatData;
    private final long floatValidity;
    private final long generalOffsets;
    private final long[] columnData;
    private final long[] columnValidity;
    /**
     * When the metadata columns are filled later ({@link #fillLater}, on the thread that writes the batch): each
     * row's metadata until then, null for none; null when they are filled as rows come.
     */
    private final Map<String, JsonValue>[] later;
    private final KeyCheck keyCheck = new KeyCheck();
    private int rows;
    /** Rows whose metadata columns are filled: {@link #rows} unless filled later. */
    private int filled;
    private int entryCount;
    private long variableBytes;
    /** Characters of the strings in metadata held for {@link #fillLater}. */
    private long heldChars;

    BatchBuilder(BufferAllocator allocator, Schema schema, MetadataPlan plan, StringDictionary[] metadataDictionaries,
                 int capacity) {
        this(allocator, schema, plan, metadataDictionaries, capacity, false);
    }

    /**
     * A builder for {@code capacity} rows; with {@code fillMetadataLater}, rows take their metadata as it is and
     * {@link #fillLater} fills its columns, so that another thread can do that work.
     */
    @SuppressWarnings("unchecked")
    BatchBuilder(BufferAllocator allocator, Schema schema, MetadataPlan plan, StringDictionary[] metadataDictionaries,
                 int capacity, boolean fillMetadataLater) {
        this.capacity = capacity;
        this.later = fillMetadataLater ? (Map<String, JsonValue>[]) new Map<?, ?>[capacity] : null;
        List<FieldVector> vectors = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        try {
            for (Field f : schema.getFields()) {
                Field memory = f.getDictionary() == null ? f : ArrowLayout.indexField(f);
                FieldVector v = memory.createVector(allocator);
                vectors.add(v);
                fields.add(memory);
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        this.root = new VectorSchemaRoot(fields, vectors);
        this.names = (IntVector) vectors.get(0);
        UnionVector timestamps = (UnionVector) vectors.get(1);
        BigIntVector intTimestamps = (BigIntVector) timestamps.getChildrenFromFields().get(0);
        Float8Vector floatTimestamps = (Float8Vector) timestamps.getChildrenFromFields().get(1);
        this.units = (IntVector) vectors.get(2);
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        this.kinds = new MetadataKind[columns.length];
        for (int i = 0; i < columns.length; i++) {
            kinds[i] = columns[i].kind();
        }
        this.finder = new ColumnFinder(plan);
        this.columnVectors = new FieldVector[columns.length];
        this.columnDictionaries = metadataDictionaries;
        for (int i = 0; i < columns.length; i++) {
            columnVectors[i] = vectors.get(3 + i);
        }
        this.general = (MapVector) vectors.get(3 + columns.length);
        this.entries = (StructVector) general.getDataVector();
        this.keys = (VarCharVector) entries.getChildrenFromFields().get(0);
        this.values = (VarCharVector) entries.getChildrenFromFields().get(1);
        for (FieldVector v : vectors) {
            v.setInitialCapacity(capacity);
            v.allocateNew();
        }
        while (timestamps.getValueCapacity() < capacity) {
            timestamps.reAlloc();
        }
        this.lastStrings = new String[columns.length];
        this.lastStringIds = new int[columns.length];
        this.nameData = address(names.getDataBuffer(), 4L * capacity);
        this.unitData = address(units.getDataBuffer(), 4L * capacity);
        this.typeIds = address(timestamps.getTypeBuffer(), capacity);
        this.intData = address(intTimestamps.getDataBuffer(), 8L * capacity);
        this.intValidity = address(intTimestamps.getValidityBuffer(), (capacity + 7) / 8);
        this.floatData = address(floatTimestamps.getDataBuffer(), 8L * capacity);
        this.floatValidity = address(floatTimestamps.getValidityBuffer(), (capacity + 7) / 8);
        // The map's row offsets: sized for the rows, not the entries, so this buffer is never reallocated.
        this.generalOffsets = address(general.getOffsetBuffer(), 4L * (capacity + 1));
        this.columnData = new long[columns.length];
        this.columnValidity = new long[columns.length];
        for (int i = 0; i < columns.length; i++) {
            FieldVector v = columnVectors[i];
            columnValidity[i] = address(v.getValidityBuffer(), (capacity + 7) / 8);
            columnData[i] = switch (columns[i].kind()) {
                case INT64, FLOAT64 -> address(v.getDataBuffer(), 8L * capacity);
                case STRING_DICT -> address(v.getDataBuffer(), 4L * capacity);
                case BOOL -> address(v.getDataBuffer(), (capacity + 7) / 8);
                case STRING -> 0; // variable width: written through the vector, which grows it
            };
        }
    }

    private static long address(ArrowBuf buffer, long needed) {
        if (buffer.capacity() < needed) {
            throw new IllegalStateException("buffer of " + buffer.capacity() + " bytes, " + needed + " needed");
        }
        return buffer.memoryAddress();
    }

    private static void setBit(long validity, int row) {
        long at = validity + (row >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (row & 7))));
    }

    int rows() {
        return rows;
    }

    boolean isFull() {
        return rows >= capacity;
    }

    /** Bytes of strings in the batch: a writer flushes early before Arrow's 32-bit offsets could overflow. */
    long variableBytes() {
        return variableBytes;
    }

    /**
     * The batch's strings: their bytes once filled, and until then the characters of those its rows hold for
     * {@link #fillLater}. A writer ends a batch once they reach its limit, which bounds both the Arrow buffers
     * and the objects kept alive for the second thread.
     */
    long strings() {
        return variableBytes + heldChars;
    }

    /** Starts a row with its name, integer timestamp and unit; metadata follows with {@link #metadata}. */
    void row(int nameId, long timestamp, int unitId) {
        int r = checkedRow();
        MemoryUtil.putInt(nameData + 4L * r, nameId);
        MemoryUtil.putByte(typeIds + r, Columns.TIMESTAMP_INT_TYPE_ID);
        MemoryUtil.putLong(intData + 8L * r, timestamp);
        setBit(intValidity, r);
        MemoryUtil.putInt(unitData + 4L * r, unitId);
    }

    /** Starts a row with its name, float timestamp and unit; metadata follows with {@link #metadata}. */
    void row(int nameId, double timestamp, int unitId) {
        int r = checkedRow();
        MemoryUtil.putInt(nameData + 4L * r, nameId);
        MemoryUtil.putByte(typeIds + r, Columns.TIMESTAMP_FLOAT_TYPE_ID);
        MemoryUtil.putLong(floatData + 8L * r, Double.doubleToRawLongBits(timestamp));
        setBit(floatValidity, r);
        MemoryUtil.putInt(unitData + 4L * r, unitId);
    }

    /** A whole row: {@code event} with its name and unit already interned. */
    void event(int nameId, CounterEvent event, int unitId) {
        if (event.timestamp() instanceof Timestamp.IntTimestamp t) {
            row(nameId, t.value(), unitId);
        } else {
            row(nameId, ((Timestamp.FloatTimestamp) event.timestamp()).value(), unitId);
        }
        metadata(event.metadata());
    }

    /** The next row's index; the writer flushes a full batch before starting a row, so this never fails. */
    private int checkedRow() {
        if (rows >= capacity) {
            throw new IllegalStateException("batch of " + capacity + " rows is full");
        }
        return rows;
    }

    /** Completes the row started last with its metadata (empty for none). */
    void metadata(Map<String, JsonValue> metadata) {
        int r = rows;
        if (later != null) {
            try {
                checkKeys(metadata); // refused now, while the caller can still be told which event
            } catch (RuntimeException e) {
                clearTimestamp(r);
                throw e;
            }
            later[r] = metadata.isEmpty() ? null : metadata;
            rows = r + 1;
            return;
        }
        fillRow(r, metadata);
        rows = r + 1;
        filled = rows;
    }

    /**
     * Refuses a key that no column can store (an unpaired surrogate: UTF-8 cannot encode it), and counts the
     * characters of the strings the batch keeps alive until it is filled. Events repeat their keys as the same
     * objects, so a key checked before at the same position is neither checked nor counted again.
     */
    private void checkKeys(Map<String, JsonValue> metadata) {
        long chars = 0;
        for (int position = 0, n = Members.size(metadata); position < n; position++) {
            String key = Members.key(metadata, position);
            chars += chars(Members.value(metadata, position));
            if (keyCheck.check(key, position)) {
                chars += key.length(); // a key object not seen before: the batch may hold it alone
            }
        }
        heldChars += chars;
    }

    /** Characters of a value's strings, keys and big integers: what its JSON text grows with. */
    private static long chars(JsonValue value) {
        if (value instanceof JsonValue.StringValue s) {
            return s.value().length();
        }
        if (value instanceof JsonValue.BigIntValue b) {
            return b.value().bitLength() / 3 + 2;
        }
        long chars = 0;
        if (value instanceof JsonValue.ObjectValue o) {
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                chars += e.getKey().length() + 1 + chars(e.getValue());
            }
        } else if (value instanceof JsonValue.ArrayValue a) {
            for (JsonValue v : a.values()) {
                chars += 1 + chars(v);
            }
        }
        return chars;
    }

    /**
     * Fills the metadata columns of the rows that took theirs as it was, in order, up to the end of the row that
     * brings the batch's strings to {@code maxStringBytes}: the rows filled, which are all of them unless
     * the strings reached that first (then {@link #moveUnfilledTo} takes the rest to another batch).
     */
    int fillLater(long maxStringBytes) {
        while (filled < rows && variableBytes < maxStringBytes) {
            int r = filled;
            Map<String, JsonValue> metadata = later[r];
            later[r] = null;
            fillRow(r, metadata == null ? Map.of() : metadata);
            filled = r + 1;
        }
        return filled;
    }

    /**
     * Moves the rows not yet filled ({@link #fillLater}) to the end of {@code other}, which takes its metadata
     * later too and has room for them; this batch ends at its filled rows.
     */
    void moveUnfilledTo(BatchBuilder other) {
        if (other.later == null || other.rows + (rows - filled) > other.capacity) {
            throw new IllegalStateException("cannot take " + (rows - filled) + " rows");
        }
        for (int r = filled; r < rows; r++) {
            int name = MemoryUtil.getInt(nameData + 4L * r);
            int unit = MemoryUtil.getInt(unitData + 4L * r);
            if (MemoryUtil.getByte(typeIds + r) == Columns.TIMESTAMP_INT_TYPE_ID) {
                other.row(name, MemoryUtil.getLong(intData + 8L * r), unit);
            } else {
                other.row(name, Double.longBitsToDouble(MemoryUtil.getLong(floatData + 8L * r)), unit);
            }
            other.later[other.rows++] = later[r];
            later[r] = null;
            clearTimestamp(r); // the batch's last validity bytes are written out: no bits beyond its rows
        }
        rows = filled;
    }

    /** Fills row {@code r}'s metadata columns and its end in the general map. */
    private void fillRow(int r, Map<String, JsonValue> metadata) {
        if (!metadata.isEmpty()) {
            int entriesBefore = entryCount;
            try {
                for (int position = 0, n = Members.size(metadata); position < n; position++) {
                    String key = Members.key(metadata, position);
                    JsonValue value = Members.value(metadata, position);
                    int c = finder.find(key, position);
                    if (c < 0 || !setTyped(c, r, value)) {
                        addGeneral(key, value);
                    }
                }
            } catch (RuntimeException e) {
                undo(r, entriesBefore); // a refused event leaves nothing behind for the next one
                throw e;
            }
        }
        endRow(r);
    }

    /** Clears row {@code r}'s timestamp, whose member's validity bit {@link #row} set. */
    private void clearTimestamp(int r) {
        clearBit(intValidity, r);
        clearBit(floatValidity, r);
    }

    /** Clears what a failed row wrote: its typed values and its general entries. */
    private void undo(int r, int entriesBefore) {
        clearTimestamp(r);
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].kind() == MetadataKind.STRING) {
                ((VarCharVector) columnVectors[c]).setNull(r);
            } else {
                clearBit(columnValidity[c], r);
                if (columns[c].kind() == MetadataKind.BOOL) {
                    clearBit(columnData[c], r);
                }
            }
        }
        entryCount = entriesBefore;
    }

    private static void clearBit(long bits, int row) {
        long at = bits + (row >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) & ~(1 << (row & 7))));
    }

    /** Completes the row started last without metadata. */
    void noMetadata() {
        metadata(Map.of());
    }

    /** The general map's end offset for row r; its validity is set for all rows when the batch is unloaded. */
    private void endRow(int r) {
        MemoryUtil.putInt(generalOffsets + 4L * (r + 1), entryCount);
    }

    /**
     * Writes {@code value} into typed column {@code c} at row {@code r} if it is of the column's kind. One switch
     * both checks and writes: this runs for every entry of every event.
     */
    private boolean setTyped(int c, int r, JsonValue value) {
        switch (kinds[c]) {
            case INT64 -> {
                if (!(value instanceof JsonValue.IntValue v)) {
                    return false;
                }
                MemoryUtil.putLong(columnData[c] + 8L * r, v.value());
            }
            case FLOAT64 -> {
                if (!(value instanceof JsonValue.FloatValue v)) {
                    return false;
                }
                MemoryUtil.putLong(columnData[c] + 8L * r, Double.doubleToRawLongBits(v.value()));
            }
            case STRING_DICT -> {
                if (!(value instanceof JsonValue.StringValue v)) {
                    return false;
                }
                String s = v.value();
                int id;
                if (s == lastStrings[c]) {
                    id = lastStringIds[c];
                } else {
                    id = columnDictionaries[c].intern(s);
                    if (id < 0) {
                        return false; // dictionary full, or not UTF-8: the value goes to the general column
                    }
                    lastStrings[c] = s;
                    lastStringIds[c] = id;
                }
                MemoryUtil.putInt(columnData[c] + 4L * r, id);
            }
            case BOOL -> {
                if (!(value instanceof JsonValue.BoolValue v)) {
                    return false;
                }
                if (v.value()) {
                    setBit(columnData[c], r);
                }
            }
            case STRING -> {
                if (!(value instanceof JsonValue.StringValue v)) {
                    return false;
                }
                byte[] b = Utf8.encode(v.value());
                if (b == null) {
                    return false; // an unpaired surrogate: kept exactly as escaped JSON text in the general column
                }
                ((VarCharVector) columnVectors[c]).setSafe(r, b);
                variableBytes += b.length;
                return true; // setSafe set the validity bit
            }
        }
        setBit(columnValidity[c], r);
        return true;
    }

    private void addGeneral(String key, JsonValue value) {
        byte[] k = keyBytes.get(key);
        if (k == null) {
            k = Utf8.encode(key);
            if (k == null) {
                throw Utf8.unencodable("metadata key", key);
            }
            if (keyBytes.size() < KEY_CACHE_LIMIT) {
                keyBytes.put(key, k);
            }
        }
        byte[] v = HespasJson.toJson(value).getBytes(StandardCharsets.UTF_8);
        int e = entryCount++;
        entries.setIndexDefined(e);
        keys.setSafe(e, k);
        values.setSafe(e, v);
        variableBytes += k.length + v.length;
    }

    /** The filled rows as a record batch (buffers compressed with {@code codec}); the caller closes it. */
    ArrowRecordBatch unload(CompressionCodec codec) {
        if (filled != rows) {
            throw new IllegalStateException(filled + " of " + rows + " rows filled");
        }
        // Columns that are never null: every validity bit of the filled rows at once.
        fillValidity(names, rows);
        fillValidity(units, rows);
        fillValidity(general, rows);
        general.setLastSet(rows - 1);
        root.setRowCount(rows);
        return new VectorUnloader(root, true, codec, true).getRecordBatch();
    }

    private static void fillValidity(FieldVector v, int rows) {
        ArrowBuf validity = v.getValidityBuffer();
        int full = rows >>> 3;
        if (validity.capacity() < (rows + 7) / 8) {
            throw new IllegalStateException("validity buffer of " + validity.capacity() + " bytes for " + rows + " rows");
        }
        MemoryUtil.setMemory(validity.memoryAddress(), full, (byte) 0xff);
        for (int r = full << 3; r < rows; r++) {
            BitVectorHelper.setBit(validity, r);
        }
    }

    /** Empties the batch, keeping its buffers for the next one. */
    void reset() {
        for (FieldVector v : root.getFieldVectors()) {
            v.reset();
        }
        rows = 0;
        filled = 0;
        entryCount = 0;
        variableBytes = 0;
        heldChars = 0;
    }

    @Override
    public void close() {
        root.close();
    }
}
