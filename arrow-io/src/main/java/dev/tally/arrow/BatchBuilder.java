package dev.tally.arrow;

import dev.tally.core.JsonValue;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.json.HespasJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
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
    private final UnionVector timestamps;
    private final BigIntVector intTimestamps;
    private final Float8Vector floatTimestamps;
    private final IntVector units;
    private final MetadataColumn[] columns;
    private final FieldVector[] columnVectors;
    private final StringDictionary[] columnDictionaries;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final MapVector general;
    private final StructVector entries;
    private final VarCharVector keys;
    private final VarCharVector values;
    private final Map<String, byte[]> keyBytes = new HashMap<>();
    private int rows;
    private int entryCount;
    private long variableBytes;

    BatchBuilder(BufferAllocator allocator, Schema schema, MetadataPlan plan, StringDictionary[] metadataDictionaries,
                 int capacity) {
        this.capacity = capacity;
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
        this.timestamps = (UnionVector) vectors.get(1);
        this.intTimestamps = (BigIntVector) timestamps.getChildrenFromFields().get(0);
        this.floatTimestamps = (Float8Vector) timestamps.getChildrenFromFields().get(1);
        this.units = (IntVector) vectors.get(2);
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        this.columnVectors = new FieldVector[columns.length];
        this.columnDictionaries = metadataDictionaries;
        for (int i = 0; i < columns.length; i++) {
            columnVectors[i] = vectors.get(3 + i);
            columnIndex.put(columns[i].key(), i);
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

    /** Starts a row with its name, integer timestamp and unit; metadata follows with {@link #metadata}. */
    void row(int nameId, long timestamp, int unitId) {
        int r = rows;
        names.set(r, nameId);
        timestamps.getTypeBuffer().setByte(r, Columns.TIMESTAMP_INT_TYPE_ID);
        intTimestamps.set(r, timestamp);
        units.set(r, unitId);
    }

    /** Starts a row with its name, float timestamp and unit; metadata follows with {@link #metadata}. */
    void row(int nameId, double timestamp, int unitId) {
        int r = rows;
        names.set(r, nameId);
        timestamps.getTypeBuffer().setByte(r, Columns.TIMESTAMP_FLOAT_TYPE_ID);
        floatTimestamps.set(r, timestamp);
        units.set(r, unitId);
    }

    /** Completes the row started last with its metadata (empty for none). */
    void metadata(Map<String, JsonValue> metadata) {
        int r = rows;
        general.startNewValue(r);
        int inGeneral = 0;
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, JsonValue> m : metadata.entrySet()) {
                Integer c = columnIndex.get(m.getKey());
                if (c == null || !setTyped(c, r, m.getValue())) {
                    addGeneral(m.getKey(), m.getValue());
                    inGeneral++;
                }
            }
        }
        general.endValue(r, inGeneral);
        rows = r + 1;
    }

    /** Completes the row started last without metadata. */
    void noMetadata() {
        int r = rows;
        general.startNewValue(r);
        general.endValue(r, 0);
        rows = r + 1;
    }

    private boolean setTyped(int c, int r, JsonValue value) {
        MetadataKind kind = columns[c].kind();
        if (!kind.accepts(value)) {
            return false;
        }
        switch (kind) {
            case INT64 -> ((BigIntVector) columnVectors[c]).set(r, ((JsonValue.IntValue) value).value());
            case FLOAT64 -> ((Float8Vector) columnVectors[c]).set(r, ((JsonValue.FloatValue) value).value());
            case BOOL -> ((BitVector) columnVectors[c]).set(r, ((JsonValue.BoolValue) value).value() ? 1 : 0);
            case STRING -> {
                byte[] b = ((JsonValue.StringValue) value).value().getBytes(StandardCharsets.UTF_8);
                ((VarCharVector) columnVectors[c]).setSafe(r, b);
                variableBytes += b.length;
            }
            case STRING_DICT -> {
                int id = columnDictionaries[c].intern(((JsonValue.StringValue) value).value());
                if (id < 0) {
                    return false; // dictionary full: the value goes to the general column
                }
                ((IntVector) columnVectors[c]).set(r, id);
            }
        }
        return true;
    }

    private void addGeneral(String key, JsonValue value) {
        byte[] k = keyBytes.get(key);
        if (k == null) {
            k = key.getBytes(StandardCharsets.UTF_8);
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
        root.setRowCount(rows);
        return new VectorUnloader(root, true, codec, true).getRecordBatch();
    }

    /** Empties the batch, keeping its buffers for the next one. */
    void reset() {
        for (FieldVector v : root.getFieldVectors()) {
            v.reset();
        }
        rows = 0;
        entryCount = 0;
        variableBytes = 0;
    }

    @Override
    public void close() {
        root.close();
    }
}
