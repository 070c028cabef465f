package dev.tally.arrow;

import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.StreamMetadata;
import dev.tally.core.columnar.Utf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of the columnar layout, in one place: building it for a stream header and metadata plan, and
 * recognising it (with the header and plan) in a file. FORMAT.md describes the same schema in prose.
 */
final class ArrowLayout {
    /** Dictionary ids: names, units, then one per dictionary-encoded metadata column. */
    static final long NAME_DICTIONARY_ID = 0;
    static final long UNIT_DICTIONARY_ID = 1;
    static final long FIRST_METADATA_DICTIONARY_ID = 2;

    static final ArrowType.Int INDEX_TYPE = new ArrowType.Int(32, true);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType INT64 = new ArrowType.Int(64, true);

    /** Where each column of the layout sits in a schema, and what the schema's metadata says. */
    record Parsed(Schema schema, StreamHeader header, MetadataPlan plan, int nameColumn, int timestampColumn,
                  int unitColumn, int[] metadataColumns, int generalColumn, byte intTypeId, byte floatTypeId) {
    }

    private ArrowLayout() {
    }

    /** The schema of a stream with {@code header} whose typed metadata columns are {@code plan}'s. */
    /** The timestamp union's members, found by name as FORMAT.md asks of readers. */
    record TimestampMembers(BigIntVector ints, Float8Vector floats) {
        static TimestampMembers of(UnionVector timestamps) {
            BigIntVector ints = null;
            Float8Vector floats = null;
            for (FieldVector member : timestamps.getChildrenFromFields()) {
                if (member.getName().equals(Columns.TIMESTAMP_INT)) {
                    ints = (BigIntVector) member;
                } else {
                    floats = (Float8Vector) member;
                }
            }
            return new TimestampMembers(ints, floats);
        }
    }

    static Schema schema(StreamHeader header, MetadataPlan plan) {
        List<Field> fields = new ArrayList<>();
        fields.add(dictionaryField(Columns.EVENT_NAME, false, NAME_DICTIONARY_ID, null));
        fields.add(new Field(Columns.TIMESTAMP,
                FieldType.notNullable(new ArrowType.Union(UnionMode.Sparse,
                        new int[] {Columns.TIMESTAMP_INT_TYPE_ID, Columns.TIMESTAMP_FLOAT_TYPE_ID})),
                List.of(new Field(Columns.TIMESTAMP_INT, FieldType.nullable(INT64), null),
                        new Field(Columns.TIMESTAMP_FLOAT, FieldType.nullable(FLOAT64), null))));
        fields.add(dictionaryField(Columns.TIMEUNIT, false, UNIT_DICTIONARY_ID, null));
        long dictionaryId = FIRST_METADATA_DICTIONARY_ID;
        for (MetadataColumn c : plan.columns()) {
            Map<String, String> meta = Map.of(Columns.KEY_METADATA_KEY, c.key(), Columns.KEY_METADATA_KIND, c.kind().name());
            if (c.kind() == MetadataKind.STRING_DICT) {
                fields.add(dictionaryField(c.columnName(), true, dictionaryId++, meta));
            } else {
                fields.add(new Field(c.columnName(), new FieldType(true, arrowType(c.kind()), null, meta), null));
            }
        }
        fields.add(generalField());
        return new Schema(fields, StreamMetadata.of(header));
    }

    static Field generalField() {
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                        new Field("value", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
        return new Field(Columns.METADATA, FieldType.notNullable(new ArrowType.Map(false)), List.of(entries));
    }

    private static Field dictionaryField(String name, boolean nullable, long id, Map<String, String> meta) {
        return new Field(name, new FieldType(nullable, ArrowType.Utf8.INSTANCE,
                new DictionaryEncoding(id, false, INDEX_TYPE), meta), null);
    }

    /** The in-memory field of a dictionary-encoded column: its vector holds the indices. */
    static Field indexField(Field messageField) {
        FieldType t = messageField.getFieldType();
        return new Field(messageField.getName(),
                new FieldType(t.isNullable(), t.getDictionary().getIndexType(), t.getDictionary(), t.getMetadata()), null);
    }

    static ArrowType arrowType(MetadataKind kind) {
        return switch (kind) {
            case INT64 -> INT64;
            case FLOAT64 -> FLOAT64;
            case BOOL -> ArrowType.Bool.INSTANCE;
            case STRING, STRING_DICT -> ArrowType.Utf8.INSTANCE;
        };
    }

    /**
     * Recognises the layout in {@code schema}.
     *
     * @throws FormatException naming the first thing that is not as FORMAT.md describes it
     */
    static Parsed parse(Schema schema, FormatException.Location at) throws FormatException {
        Map<String, String> custom = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
        StreamHeader header = StreamMetadata.parse(custom, "the Arrow schema", names(schema), at);

        Map<String, Integer> positions = new HashMap<>();
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            checkNamed(fields.get(i), "column " + i, at);
            if (positions.put(fields.get(i).getName(), i) != null) {
                throw new FormatException(at.atField(fields.get(i).getName()), "column appears twice in the schema");
            }
        }
        int name = require(positions, Columns.EVENT_NAME, at);
        checkString(fields.get(name), false, at);
        int unit = require(positions, Columns.TIMEUNIT, at);
        checkString(fields.get(unit), false, at);
        int timestamp = require(positions, Columns.TIMESTAMP, at);
        byte[] typeIds = checkTimestamp(fields.get(timestamp), at);
        int general = require(positions, Columns.METADATA, at);
        checkGeneral(fields.get(general), at);

        List<MetadataColumn> columns = new ArrayList<>();
        List<Integer> columnPositions = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (i == name || i == unit || i == timestamp || i == general) {
                continue;
            }
            Field f = fields.get(i);
            if (!f.getName().startsWith(Columns.METADATA_PREFIX)) {
                throw new FormatException(at.atField(f.getName()), "column is not part of layout version " + Columns.LAYOUT_VERSION);
            }
            String key = f.getMetadata().getOrDefault(Columns.KEY_METADATA_KEY,
                    f.getName().substring(Columns.METADATA_PREFIX.length()));
            if (!Columns.metadataColumnName(key).equals(f.getName())) {
                throw new FormatException(at.atField(f.getName()), "column holds metadata key '" + key
                        + "' but is not named " + Columns.metadataColumnName(key));
            }
            MetadataKind kind = kindOf(f, at);
            try {
                columns.add(new MetadataColumn(key, kind));
            } catch (IllegalArgumentException e) {
                throw new FormatException(at.atField(f.getName()), e.getMessage());
            }
            columnPositions.add(i);
        }
        MetadataPlan plan;
        try {
            plan = new MetadataPlan(columns);
        } catch (IllegalArgumentException e) {
            throw new FormatException(at, e.getMessage());
        }
        return new Parsed(schema, header, plan, name, timestamp, unit,
                columnPositions.stream().mapToInt(Integer::intValue).toArray(), general, typeIds[0], typeIds[1]);
    }

    private static int require(Map<String, Integer> positions, String column, FormatException.Location at)
            throws FormatException {
        Integer i = positions.get(column);
        if (i == null) {
            throw new FormatException(at.atField(column), "the schema lacks this column");
        }
        return i;
    }

    /** A string column: utf8, plain or dictionary-encoded with signed integer indices. */
    private static void checkString(Field f, boolean nullable, FormatException.Location at) throws FormatException {
        boolean utf8 = f.getType() instanceof ArrowType.Utf8 && f.getChildren().isEmpty();
        DictionaryEncoding d = f.getDictionary();
        if (!utf8 || (d != null && (!d.getIndexType().getIsSigned() || !validIndexWidth(d.getIndexType().getBitWidth())))) {
            throw new FormatException(at.atField(f.getName()), "expected utf8 or dictionary<signed int, utf8>, found "
                    + describe(f));
        }
        if (!nullable && f.isNullable()) {
            // Accepted (pyarrow marks fields nullable by default); a null found in a row is refused there.
            return;
        }
    }

    private static boolean validIndexWidth(int bits) {
        return bits == 8 || bits == 16 || bits == 32 || bits == 64;
    }

    private static byte[] checkTimestamp(Field f, FormatException.Location at) throws FormatException {
        FormatException wrong = new FormatException(at.atField(f.getName()),
                "expected sparse_union<int: int64, float: double>, found " + describe(f));
        if (!(f.getType() instanceof ArrowType.Union u) || u.getMode() != UnionMode.Sparse
                || f.getChildren().size() != 2) {
            throw wrong;
        }
        byte[] ids = {-1, -1};
        int[] declared = u.getTypeIds();
        if (declared != null && declared.length != 2) {
            throw wrong;
        }
        for (int i = 0; i < 2; i++) {
            Field child = f.getChildren().get(i);
            int id = declared == null ? i : declared[i];
            if (id < 0 || id > Byte.MAX_VALUE || !child.getChildren().isEmpty() || child.getDictionary() != null) {
                throw wrong;
            }
            if (child.getName().equals(Columns.TIMESTAMP_INT) && child.getType().equals(INT64)) {
                ids[0] = (byte) id;
            } else if (child.getName().equals(Columns.TIMESTAMP_FLOAT) && child.getType().equals(FLOAT64)) {
                ids[1] = (byte) id;
            }
        }
        if (ids[0] < 0 || ids[1] < 0 || ids[0] == ids[1]) {
            throw wrong;
        }
        return ids;
    }

    private static void checkGeneral(Field f, FormatException.Location at) throws FormatException {
        boolean ok = f.getType() instanceof ArrowType.Map && f.getChildren().size() == 1 && f.getDictionary() == null;
        if (ok) {
            Field entries = f.getChildren().get(0);
            List<Field> kv = entries.getChildren();
            // Arrow Java's map vector needs non-nullable entries and keys.
            ok = entries.getType() instanceof ArrowType.Struct && !entries.isNullable() && entries.getDictionary() == null
                    && kv.size() == 2 && plainUtf8(kv.get(0)) && !kv.get(0).isNullable() && plainUtf8(kv.get(1))
                    // Arrow Java's struct vector keys children by name: two of one name would become one.
                    && !kv.get(0).getName().equals(kv.get(1).getName());
        }
        if (!ok) {
            throw new FormatException(at.atField(f.getName()), "expected map<utf8, utf8>, found " + describe(f));
        }
    }

    private static boolean plainUtf8(Field f) {
        return f.getType() instanceof ArrowType.Utf8 && f.getDictionary() == null && f.getChildren().isEmpty();
    }

    private static MetadataKind kindOf(Field f, FormatException.Location at) throws FormatException {
        ArrowType t = f.getType();
        if (!f.getChildren().isEmpty()) {
            throw new FormatException(at.atField(f.getName()), "expected a flat column, found " + describe(f));
        }
        if (f.getDictionary() != null) {
            checkString(f, true, at);
            return MetadataKind.STRING_DICT;
        }
        if (t.equals(INT64)) {
            return MetadataKind.INT64;
        }
        if (t.equals(FLOAT64)) {
            return MetadataKind.FLOAT64;
        }
        if (t instanceof ArrowType.Bool) {
            return MetadataKind.BOOL;
        }
        if (t instanceof ArrowType.Utf8) {
            return MetadataKind.STRING;
        }
        throw new FormatException(at.atField(f.getName()), "expected int64, double, bool, utf8 or dictionary<int, utf8>, found "
                + describe(f));
    }

    private static String describe(Field f) {
        return f.getDictionary() == null ? f.toString() : "dictionary<" + f.getDictionary().getIndexType() + ", " + f.getType() + ">";
    }

    /** Every field of the layout has a name, children included (an IPC schema may leave it out). */
    private static void checkNamed(Field f, String where, FormatException.Location at) throws FormatException {
        if (f.getName() == null) {
            throw new FormatException(at, where + " of the schema has no name");
        }
        List<Field> children = f.getChildren();
        for (int i = 0; i < children.size(); i++) {
            checkNamed(children.get(i), "child " + i + " of " + f.getName(), at);
        }
    }

    private static List<String> names(Schema schema) {
        List<String> n = new ArrayList<>();
        for (Field f : schema.getFields()) {
            n.add(f.getName());
        }
        return n;
    }
}
