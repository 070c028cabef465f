package dev.tally.arrow;

import dev.tally.core.columnar.Columns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The flat view of batches in the Arrow layout, for consumers without a union type (pandas, polars): the
 * {@code timestamp} union becomes the Parquet layout's two columns, a {@code double} {@code timestamp} and an
 * {@code int64} {@code timestamp_int} that holds the integers beyond +-2^53 (FORMAT.md). Every other column is the
 * source's own vector, shared, not copied; only the two timestamp columns are computed, into new buffers for each
 * batch, so a batch handed out before keeps its values.
 */
final class FlatView extends ArrowReader {

    private final ArrowReader source;
    private VectorSchemaRoot root;
    private UnionVector union;
    /** The union's type id of the {@code int} member, from the schema (the vector's own field renumbers them). */
    private int intType = -1;
    private Float8Vector timestamps;
    private BigIntVector bigIntegers;

    FlatView(ArrowReader source) throws IOException {
        super(timestampUnion(source).getAllocator());
        this.source = source;
    }

    private static UnionVector timestampUnion(ArrowReader source) throws IOException {
        FieldVector v = source.getVectorSchemaRoot().getVector(Columns.TIMESTAMP);
        if (v instanceof UnionVector u) {
            return u;
        }
        throw new IllegalArgumentException("the batches have no timestamp union: not the Arrow layout");
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
        if (root == null) {
            VectorSchemaRoot exact = source.getVectorSchemaRoot();
            List<FieldVector> vectors = new ArrayList<>();
            for (FieldVector v : exact.getFieldVectors()) {
                if (v.getName().equals(Columns.TIMESTAMP) && v instanceof UnionVector u) {
                    union = u;
                    Field declared = exact.getSchema().findField(Columns.TIMESTAMP);
                    int[] typeIds = ((ArrowType.Union) declared.getType()).getTypeIds();
                    for (int m = 0; m < declared.getChildren().size(); m++) {
                        if (declared.getChildren().get(m).getName().equals(Columns.TIMESTAMP_INT)) {
                            intType = typeIds == null ? m : typeIds[m];
                        }
                    }
                    timestamps = new Float8Vector(new Field(Columns.TIMESTAMP,
                            FieldType.notNullable(new ArrowType.FloatingPoint(
                                    org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)), null), allocator);
                    bigIntegers = new BigIntVector(new Field(Columns.FLAT_TIMESTAMP_INT,
                            FieldType.nullable(new ArrowType.Int(64, true)), null), allocator);
                    vectors.add(timestamps);
                    vectors.add(bigIntegers);
                } else {
                    vectors.add(v);
                }
            }
            if (union == null) {
                throw new IllegalArgumentException("the batches have no timestamp union: not the Arrow layout");
            }
            List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
            root = new VectorSchemaRoot(new Schema(fields, exact.getSchema().getCustomMetadata()), vectors, 0);
        }
        return root;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot r = getVectorSchemaRoot();
        if (!source.loadNextBatch()) {
            r.setRowCount(0);
            return false;
        }
        int n = source.getVectorSchemaRoot().getRowCount();
        timestamps.allocateNew(n); // new buffers: the previous batch's stay with whoever holds them
        bigIntegers.allocateNew(n);
        ArrowLayout.TimestampMembers members = ArrowLayout.TimestampMembers.of(union);
        BigIntVector ints = members.ints();
        Float8Vector floats = members.floats();
        for (int i = 0; i < n; i++) {
            if (union.getTypeValue(i) == intType) {
                long v = ints.get(i);
                timestamps.set(i, (double) v);
                if (Columns.needsExactInt(v)) {
                    bigIntegers.set(i, v);
                }
            } else {
                timestamps.set(i, floats.get(i));
            }
        }
        timestamps.setValueCount(n);
        bigIntegers.setValueCount(n);
        r.setRowCount(n);
        return true;
    }

    @Override
    public Map<Long, Dictionary> getDictionaryVectors() throws IOException {
        return source.getDictionaryVectors();
    }

    @Override
    public Dictionary lookup(long id) {
        return source.lookup(id);
    }

    @Override
    public Set<Long> getDictionaryIds() {
        return source.getDictionaryIds();
    }

    @Override
    public long bytesRead() {
        return source.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        if (timestamps != null) {
            timestamps.close();
            bigIntegers.close();
        }
        source.close();
    }

    @Override
    protected Schema readSchema() throws IOException {
        return getVectorSchemaRoot().getSchema();
    }
}
