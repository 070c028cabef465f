package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.MembersBuilder;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.RepeatedValue;
import dev.tally.core.columnar.TypedMembers;
import dev.tally.core.columnar.Utf8;
import dev.tally.core.json.HespasJson;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;

/**
 * Rebuilds events from the rows of a loaded batch, as FORMAT.md ("Rebuilding an event") describes, checking
 * every value it reads: a null where none may be, an index outside its dictionary, an unknown union type id,
 * text that is not UTF-8 or JSON all give a {@link FormatException} naming the event and column.
 */
final class RowDecoder {
    /** A string column: dictionary-encoded or plain. */
    private interface StringColumn {
        /** The value, or null for a null slot. */
        String get(int row) throws FormatException;
    }

    private final FormatException.Location at;
    private final StringColumn names;
    private final StringColumn units;
    private final UnionVector timestamps;
    private final BigIntVector intTimestamps;
    private final Float8Vector floatTimestamps;
    private final byte intTypeId;
    private final byte floatTypeId;
    private final MetadataColumn[] columns;
    private final JsonValue[] typedValues;
    private final RepeatedValue[] repeated;
    private final TypedMembers members;
    private final FieldVector[] columnVectors;
    private final StringColumn[] stringColumns;
    private final MapVector general;
    private final VarCharVector keys;
    private final VarCharVector values;
    private long eventIndex;

    RowDecoder(ArrowLayout.Parsed layout, VectorSchemaRoot root, Map<Long, List<String>> dictionaries,
               FormatException.Location at) {
        this.at = at;
        List<FieldVector> vectors = root.getFieldVectors();
        this.names = stringColumn(vectors.get(layout.nameColumn()), layout, dictionaries, Columns.EVENT_NAME);
        this.units = stringColumn(vectors.get(layout.unitColumn()), layout, dictionaries, Columns.TIMEUNIT);
        this.timestamps = (UnionVector) vectors.get(layout.timestampColumn());
        ArrowLayout.TimestampMembers members = ArrowLayout.TimestampMembers.of(timestamps);
        this.intTimestamps = members.ints();
        this.floatTimestamps = members.floats();
        this.intTypeId = layout.intTypeId();
        this.floatTypeId = layout.floatTypeId();
        this.columns = layout.plan().columns().toArray(new MetadataColumn[0]);
        this.columnVectors = new FieldVector[columns.length];
        this.typedValues = new JsonValue[columns.length];
        this.repeated = new RepeatedValue[columns.length];
        this.members = new TypedMembers(layout.plan());
        this.stringColumns = new StringColumn[columns.length];
        for (int i = 0; i < columns.length; i++) {
            FieldVector v = vectors.get(layout.metadataColumns()[i]);
            columnVectors[i] = v;
            repeated[i] = new RepeatedValue();
            if (v.getField().getDictionary() != null || v instanceof VarCharVector) {
                stringColumns[i] = stringColumn(v, layout, dictionaries, v.getName());
            }
        }
        this.general = (MapVector) vectors.get(layout.generalColumn());
        StructVector entries = (StructVector) general.getDataVector();
        this.keys = (VarCharVector) entries.getChildrenFromFields().get(0);
        this.values = (VarCharVector) entries.getChildrenFromFields().get(1);
    }

    private StringColumn stringColumn(FieldVector v, ArrowLayout.Parsed layout, Map<Long, List<String>> dictionaries,
                                      String name) {
        if (v.getField().getDictionary() != null) {
            long id = v.getField().getDictionary().getId();
            BaseIntVector indices = (BaseIntVector) v;
            List<String> dict = dictionaries.get(id); // the reader keeps one list per dictionary, updated in place
            return row -> {
                if (v.isNull(row)) {
                    return null;
                }
                long index = indices.getValueAsLong(row);
                if (index < 0 || index >= dict.size()) {
                    throw error(name, "dictionary index " + index + " is outside dictionary " + id + " of "
                            + dict.size() + " entries");
                }
                return dict.get((int) index);
            };
        }
        VarCharVector chars = (VarCharVector) v;
        return row -> chars.isNull(row) ? null : text(chars, row, name);
    }

    /** The event in {@code row}, whose index in the stream is {@code index}. */
    CounterEvent event(int row, long index) throws FormatException {
        this.eventIndex = index;
        String name = names.get(row);
        if (name == null) {
            throw error(Columns.EVENT_NAME, "null event name");
        }
        String unit = units.get(row);
        if (unit == null) {
            throw error(Columns.TIMEUNIT, "null time unit");
        }
        Timestamp timestamp = timestamp(row);
        return new CounterEvent(name, timestamp, unit, metadata(row));
    }

    private Timestamp timestamp(int row) throws FormatException {
        int type = timestamps.getTypeValue(row);
        if (type == intTypeId) {
            if (intTimestamps.isNull(row)) {
                throw error(Columns.TIMESTAMP, "null integer timestamp");
            }
            return Timestamp.of(intTimestamps.get(row));
        }
        if (type == floatTypeId) {
            if (floatTimestamps.isNull(row)) {
                throw error(Columns.TIMESTAMP, "null float timestamp");
            }
            try {
                // hespas makes an integral float an integer; this library's writers never store one.
                return Timestamp.of(floatTimestamps.get(row));
            } catch (IllegalArgumentException e) {
                throw error(Columns.TIMESTAMP, e.getMessage());
            }
        }
        throw error(Columns.TIMESTAMP, "union type id " + type + " is neither int (" + intTypeId + ") nor float ("
                + floatTypeId + ")");
    }

    private Map<String, JsonValue> metadata(int row) throws FormatException {
        int start = general.getElementStartIndex(row);
        int end = general.getElementEndIndex(row);
        if (columns.length == 0 && start == end) {
            return Map.of();
        }
        for (int i = 0; i < columns.length; i++) {
            FieldVector v = columnVectors[i];
            typedValues[i] = v.isNull(row) ? null : typedValue(i, v, row);
        }
        if (general.isNull(row)) {
            throw error(Columns.METADATA, "null metadata map (an event without extra metadata has an empty map)");
        }
        if (start == end) {
            return members.map(typedValues);
        }
        MembersBuilder m = members.builder(typedValues, end - start);
        for (int e = start; e < end; e++) {
            if (keys.isNull(e) || values.isNull(e)) {
                throw error(Columns.METADATA, "null key or value in entry " + (e - start));
            }
            String key = text(keys, e, Columns.METADATA);
            String text = text(values, e, Columns.METADATA);
            JsonValue value;
            try {
                value = HespasJson.parseValue(text);
            } catch (FormatException x) {
                throw error(Columns.METADATA, "value of key '" + key + "' is not JSON: " + x.reason());
            }
            if (m.put(key, value) != null) {
                throw error(Columns.METADATA, "key '" + key + "' appears twice in the event's metadata");
            }
        }
        return m.build();
    }

    /** The value of typed column {@code i} in {@code row}, not null; a repeating value's object is reused. */
    private JsonValue typedValue(int i, FieldVector v, int row) throws FormatException {
        return switch (columns[i].kind()) {
            case INT64 -> repeated[i].ofLong(((BigIntVector) v).get(row));
            case FLOAT64 -> repeated[i].ofDouble(((Float8Vector) v).get(row));
            case BOOL -> JsonValue.of(((BitVector) v).get(row) != 0);
            case STRING, STRING_DICT -> repeated[i].ofString(stringColumns[i].get(row));
        };
    }

    private String text(VarCharVector v, int row, String column) throws FormatException {
        try {
            return Utf8.decode(v.get(row));
        } catch (Utf8.Malformed e) {
            throw error(column, e.getMessage());
        }
    }

    private FormatException error(String column, String reason) {
        return new FormatException(at.atEvent(eventIndex).atField(column), reason);
    }

    /** How the reader names a column's dictionary vector: the column's name and this. */
    static final String DICTIONARY_SUFFIX = ".dictionary";

    /** The strings of a dictionary vector, checked as UTF-8, each decoded once. */
    static void decodeAll(VarCharVector v, int from, List<String> into, FormatException.Location at) throws FormatException {
        for (int i = from; i < v.getValueCount(); i++) {
            if (v.isNull(i)) {
                throw new FormatException(at, "dictionary entry " + i + " is null");
            }
            try {
                into.add(Utf8.decode(v.get(i)));
            } catch (Utf8.Malformed e) {
                String column = v.getName().endsWith(DICTIONARY_SUFFIX)
                        ? v.getName().substring(0, v.getName().length() - DICTIONARY_SUFFIX.length()) : v.getName();
                throw new FormatException(at.atField(column), "dictionary entry " + i + ": " + e.getMessage());
            }
        }
    }
}
