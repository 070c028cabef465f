package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import dev.tally.core.json.HespasJson;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Turns events into Parquet records of the layout, straight into parquet-java's record consumer: no Avro or
 * other object per event.
 */
final class EventWriteSupport extends WriteSupport<CounterEvent> {
    private final MessageType schema;
    private final Map<String, String> keyValue;
    private final MetadataColumn[] columns;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final Map<String, Binary> strings = new HashMap<>();
    private final JsonValue[] typed;
    private final String[] generalKeys = new String[64];
    private final JsonValue[] generalValues = new JsonValue[64];
    private RecordConsumer out;

    EventWriteSupport(MetadataPlan plan, Map<String, String> keyValue) {
        this.schema = ParquetLayout.schema(plan);
        this.keyValue = keyValue;
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        for (int i = 0; i < columns.length; i++) {
            columnIndex.put(columns[i].key(), i);
        }
        this.typed = new JsonValue[columns.length];
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, keyValue);
    }

    /** Hadoop's entry point, required by the base class; the writer never uses a Hadoop configuration. */
    @Deprecated
    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, keyValue);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    /** Checks what Parquet cannot store before anything of the event is written. */
    static void check(CounterEvent e) {
        if (!Utf8.isEncodable(e.eventName())) {
            throw Utf8.unencodable("event name", e.eventName());
        }
        if (!Utf8.isEncodable(e.timeUnit())) {
            throw Utf8.unencodable("time unit", e.timeUnit());
        }
        for (String key : e.metadata().keySet()) {
            if (!Utf8.isEncodable(key)) {
                throw Utf8.unencodable("metadata key", key);
            }
        }
    }

    @Override
    public void write(CounterEvent e) {
        int general = 0;
        java.util.Arrays.fill(typed, null);
        String[] keys = generalKeys;
        JsonValue[] values = generalValues;
        for (Map.Entry<String, JsonValue> m : e.metadata().entrySet()) {
            Integer c = columnIndex.get(m.getKey());
            JsonValue v = m.getValue();
            if (c != null && columns[c].kind().accepts(v)
                    && (!(v instanceof JsonValue.StringValue s) || Utf8.isEncodable(s.value()))) {
                typed[c] = v;
            } else {
                if (general == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, general * 2);
                    values = java.util.Arrays.copyOf(values, general * 2);
                }
                keys[general] = m.getKey();
                values[general] = v;
                general++;
            }
        }
        out.startMessage();
        string(Columns.EVENT_NAME, ParquetLayout.NAME, e.eventName());
        Timestamp t = e.timestamp();
        out.startField(Columns.TIMESTAMP, ParquetLayout.TIMESTAMP);
        out.addDouble(t.doubleValue());
        out.endField(Columns.TIMESTAMP, ParquetLayout.TIMESTAMP);
        // Integers within +-2^53 are exact in the double, and readers know them by being integral (FORMAT.md).
        if (t instanceof Timestamp.IntTimestamp i && Columns.needsExactInt(i.value())) {
            out.startField(ParquetLayout.TIMESTAMP_INT, ParquetLayout.TIMESTAMP_INT_FIELD);
            out.addLong(i.value());
            out.endField(ParquetLayout.TIMESTAMP_INT, ParquetLayout.TIMESTAMP_INT_FIELD);
        }
        string(Columns.TIMEUNIT, ParquetLayout.UNIT, e.timeUnit());
        for (int c = 0; c < columns.length; c++) {
            JsonValue v = typed[c];
            if (v == null) {
                continue;
            }
            String name = columns[c].columnName();
            int index = ParquetLayout.FIRST_METADATA_COLUMN + c;
            out.startField(name, index);
            switch (columns[c].kind()) {
                case INT64 -> out.addLong(((JsonValue.IntValue) v).value());
                case FLOAT64 -> out.addDouble(((JsonValue.FloatValue) v).value());
                case BOOL -> out.addBoolean(((JsonValue.BoolValue) v).value());
                case STRING, STRING_DICT -> out.addBinary(binary(((JsonValue.StringValue) v).value()));
            }
            out.endField(name, index);
        }
        int mapIndex = ParquetLayout.FIRST_METADATA_COLUMN + columns.length;
        out.startField(Columns.METADATA, mapIndex);
        out.startGroup();
        if (general > 0) {
            out.startField(ParquetLayout.KEY_VALUE, 0);
            for (int g = 0; g < general; g++) {
                out.startGroup();
                out.startField(ParquetLayout.KEY, 0);
                out.addBinary(binary(keys[g]));
                out.endField(ParquetLayout.KEY, 0);
                out.startField(ParquetLayout.VALUE, 1);
                // JSON text with non-ASCII escaped: exact for every value, unpaired surrogates included.
                out.addBinary(Binary.fromString(HespasJson.toJson(values[g])));
                out.endField(ParquetLayout.VALUE, 1);
                out.endGroup();
            }
            out.endField(ParquetLayout.KEY_VALUE, 0);
        }
        out.endGroup();
        out.endField(Columns.METADATA, mapIndex);
        out.endMessage();
    }

    private void string(String field, int index, String value) {
        out.startField(field, index);
        out.addBinary(binary(value));
        out.endField(field, index);
    }

    /** Names, units and keys repeat: their encoded form is kept (up to a bound) rather than made per event. */
    private Binary binary(String s) {
        Binary b = strings.get(s);
        if (b == null) {
            b = Binary.fromConstantByteArray(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (strings.size() < 65_536) {
                strings.put(s, b);
            }
        }
        return b;
    }
}
