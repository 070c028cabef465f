package dev.tally.arrow;

import dev.tally.core.columnar.Utf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The values of one dictionary-encoded column as a writer builds it: each distinct string gets the next id, and
 * the entries not yet written ({@link #pending()}) go out as the next dictionary batch or delta.
 */
final class StringDictionary {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private final List<byte[]> utf8 = new ArrayList<>();
    private final int limit;
    private final long byteLimit;
    private long bytes;
    private int written;

    /** The value of {@link #intern} for a new value when the dictionary is full. */
    static final int FULL = -1;
    /** The value of {@link #intern} for a value UTF-8 cannot encode (an unpaired surrogate). */
    static final int UNENCODABLE = -2;

    /** A dictionary of at most {@code limit} entries and {@code byteLimit} bytes of UTF-8. */
    StringDictionary(int limit, long byteLimit) {
        this.limit = limit;
        this.byteLimit = byteLimit;
    }

    /** The id of {@code value}, adding it if new; {@link #FULL} or {@link #UNENCODABLE} when it cannot be. */
    int intern(String value) {
        Integer id = ids.get(value);
        if (id != null) {
            return id;
        }
        byte[] encoded = Utf8.encode(value);
        if (encoded == null) {
            return UNENCODABLE;
        }
        if (values.size() >= limit || bytes + encoded.length > byteLimit) {
            return FULL;
        }
        int next = values.size();
        ids.put(value, next);
        values.add(value);
        utf8.add(encoded);
        bytes += encoded.length;
        return next;
    }

    int size() {
        return values.size();
    }

    String value(int id) {
        return values.get(id);
    }

    /** How many entries have been written out. */
    int written() {
        return written;
    }

    /** Whether entries were added since the last {@link #markWritten()}. */
    boolean pending() {
        return written < values.size();
    }

    /** Fills {@code vector} with entries {@code from} (inclusive) to {@link #size()} (exclusive). */
    void fill(VarCharVector vector, int from) {
        int n = values.size() - from;
        long bytes = 0;
        for (int i = from; i < values.size(); i++) {
            bytes += utf8.get(i).length;
        }
        vector.allocateNew(Math.max(bytes, 1), Math.max(n, 1));
        for (int i = 0; i < n; i++) {
            vector.setSafe(i, utf8.get(from + i));
        }
        vector.setValueCount(n);
    }

    /**
     * The entries as dictionary batch {@code id}: the entries not yet written when {@code delta}, else all of them.
     * The caller closes the batch and then calls {@link #markWritten()}.
     */
    ArrowDictionaryBatch toBatch(long id, boolean delta, BufferAllocator allocator, CompressionCodec codec) {
        Field field = new Field("dictionary", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        try (VarCharVector v = new VarCharVector(field, allocator)) {
            fill(v, delta ? written : 0);
            // The record batch holds its own references to the buffers (or compressed copies of them).
            ArrowRecordBatch rb = new VectorUnloader(new VectorSchemaRoot(List.of(field), List.of(v)), true, codec, true)
                    .getRecordBatch();
            return new ArrowDictionaryBatch(id, rb, delta);
        }
    }

    void markWritten() {
        written = values.size();
    }
}
