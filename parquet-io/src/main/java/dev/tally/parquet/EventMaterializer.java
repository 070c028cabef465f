package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.MembersBuilder;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.TypedMembers;
import dev.tally.core.columnar.Utf8;
import dev.tally.core.json.HespasJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * Rebuilds events from Parquet records of the layout (FORMAT.md, "Rebuilding an event"): parquet-java pushes
 * each value into a converter; strings of dictionary pages are decoded once per page dictionary.
 */
final class EventMaterializer extends RecordMaterializer<CounterEvent> {
    private final MetadataColumn[] columns;
    private final TypedMembers members;
    private final Root root;
    private String name;
    private double timestamp;
    private boolean hasInt;
    private long intTimestamp;
    private String unit;
    private final JsonValue[] typed;
    private final List<String> generalKeys = new ArrayList<>();
    private final List<String> generalValues = new ArrayList<>();
    private String key;
    private String value;
    private String problem;

    EventMaterializer(MetadataPlan plan) {
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        this.typed = new JsonValue[columns.length];
        this.members = new TypedMembers(plan);
        this.root = new Root();
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /**
     * The event just read.
     *
     * @throws IllegalArgumentException with the column and the reason when the record is not a valid event
     */
    @Override
    public CounterEvent getCurrentRecord() {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return event(name, timestamp, hasInt, intTimestamp, unit, members, typed, generalKeys, generalValues);
    }

    /**
     * Rebuilds an event from its columns' values (FORMAT.md, "Rebuilding an event"); {@code typed[i]} is null when
     * column i has none, {@code generalKeys} and {@code generalValues} are the general map's entries (values as
     * JSON text).
     *
     * @throws IllegalArgumentException with the column and the reason when the values are not a valid event
     */
    static CounterEvent event(String name, double timestamp, boolean hasInt, long intTimestamp, String unit,
                              TypedMembers members, JsonValue[] typed, List<String> generalKeys,
                              List<String> generalValues) {
        Timestamp t;
        if (hasInt) {
            if ((double) intTimestamp != timestamp) {
                throw new IllegalArgumentException("column " + ParquetLayout.TIMESTAMP_INT + ": " + intTimestamp
                        + " disagrees with " + Columns.TIMESTAMP + " " + timestamp);
            }
            t = Timestamp.of(intTimestamp);
        } else {
            t = Timestamp.of(timestamp); // an integral double is an integer timestamp: hespas makes integral floats so
        }
        if (generalKeys.isEmpty()) {
            return new CounterEvent(name, t, unit, members.map(typed));
        }
        MembersBuilder m = members.builder(typed, generalKeys.size());
        for (int i = 0; i < generalKeys.size(); i++) {
            JsonValue v;
            try {
                v = HespasJson.parseValue(generalValues.get(i));
            } catch (FormatException e) {
                throw new IllegalArgumentException("column " + Columns.METADATA + ": value of key '" + generalKeys.get(i)
                        + "' is not JSON: " + e.reason());
            }
            if (m.put(generalKeys.get(i), v) != null) {
                throw new IllegalArgumentException("column " + Columns.METADATA + ": key '" + generalKeys.get(i)
                        + "' appears twice in the event's metadata");
            }
        }
        return new CounterEvent(name, t, unit, m.build());
    }

    private String text(Binary b, String column) {
        try {
            return Utf8.decode(b.toByteBuffer());
        } catch (Utf8.Malformed e) {
            if (problem == null) {
                problem = "column " + column + ": " + e.getMessage();
            }
            return "";
        }
    }

    /** The record: one converter per column, reset at each record. */
    private final class Root extends GroupConverter {
        private final Converter[] fields;

        Root() {
            List<Converter> list = new ArrayList<>();
            list.add(new StringConverter(Columns.EVENT_NAME) {
                @Override
                void set(String s) {
                    name = s;
                }
            });
            list.add(new PrimitiveConverter() {
                @Override
                public void addDouble(double v) {
                    timestamp = v;
                }
            });
            list.add(new PrimitiveConverter() {
                @Override
                public void addLong(long v) {
                    hasInt = true;
                    intTimestamp = v;
                }
            });
            list.add(new StringConverter(Columns.TIMEUNIT) {
                @Override
                void set(String s) {
                    unit = s;
                }
            });
            for (int i = 0; i < columns.length; i++) {
                int c = i;
                // Values are immutable and often repeat from one event to the next: the last one is reused.
                list.add(switch (columns[i].kind()) {
                    case INT64 -> new PrimitiveConverter() {
                        private long last;
                        private JsonValue lastValue;

                        @Override
                        public void addLong(long v) {
                            if (lastValue == null || v != last) {
                                last = v;
                                lastValue = JsonValue.of(v);
                            }
                            typed[c] = lastValue;
                        }
                    };
                    case FLOAT64 -> new PrimitiveConverter() {
                        private long lastBits;
                        private JsonValue lastValue;

                        @Override
                        public void addDouble(double v) {
                            long bits = Double.doubleToRawLongBits(v);
                            if (lastValue == null || bits != lastBits) {
                                lastBits = bits;
                                lastValue = JsonValue.of(v);
                            }
                            typed[c] = lastValue;
                        }
                    };
                    case BOOL -> new PrimitiveConverter() {
                        private final JsonValue yes = JsonValue.of(true);
                        private final JsonValue no = JsonValue.of(false);

                        @Override
                        public void addBoolean(boolean v) {
                            typed[c] = v ? yes : no;
                        }
                    };
                    case STRING, STRING_DICT -> new StringConverter(columns[i].columnName()) {
                        private String last;
                        private JsonValue lastValue;

                        @Override
                        void set(String s) {
                            if (s != last) { // dictionary strings are the same objects for the same id
                                last = s;
                                lastValue = JsonValue.of(s);
                            }
                            typed[c] = lastValue;
                        }
                    };
                });
            }
            list.add(new MapConverter());
            fields = list.toArray(new Converter[0]);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            name = null;
            unit = null;
            hasInt = false;
            problem = null;
            java.util.Arrays.fill(typed, null);
            generalKeys.clear();
            generalValues.clear();
        }

        @Override
        public void end() {
        }
    }

    /** A string column, decoding each page dictionary once. */
    private abstract class StringConverter extends PrimitiveConverter {
        private final String column;
        private String[] dictionary;

        StringConverter(String column) {
            this.column = column;
        }

        abstract void set(String s);

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary d) {
            dictionary = new String[d.getMaxId() + 1];
            for (int i = 0; i <= d.getMaxId(); i++) {
                dictionary[i] = text(d.decodeToBinary(i), column);
            }
        }

        @Override
        public void addValueFromDictionary(int id) {
            set(dictionary[id]);
        }

        /**
         * Decoded strings by the Binary they came from. A filtered read gets dictionary values as the dictionary's
         * own Binary objects, one per id, instead of ids (parquet-java's filtering converters do not pass ids on),
         * so this spares decoding each again; plain pages bring a new Binary per value and only refill it.
         */
        private final java.util.IdentityHashMap<Binary, String> decoded = new java.util.IdentityHashMap<>();

        @Override
        public void addBinary(Binary b) {
            if (b.isBackingBytesReused()) {
                set(text(b, column)); // the same object may hold other bytes next time: never cached
                return;
            }
            String s = decoded.get(b);
            if (s == null) {
                s = text(b, column);
                if (decoded.size() >= DECODED_CACHE) {
                    decoded.clear();
                }
                decoded.put(b, s);
            }
            set(s);
        }
    }

    /** Strings a column keeps decoded by Binary identity (dictionaries are far smaller). */
    private static final int DECODED_CACHE = 4096;

    /** The general metadata map: key-value groups. */
    private final class MapConverter extends GroupConverter {
        private final GroupConverter entry = new GroupConverter() {
            private final Converter keyConverter = new StringConverter(Columns.METADATA) {
                @Override
                void set(String s) {
                    key = s;
                }
            };
            private final Converter valueConverter = new StringConverter(Columns.METADATA) {
                @Override
                void set(String s) {
                    value = s;
                }
            };

            @Override
            public Converter getConverter(int fieldIndex) {
                return fieldIndex == 0 ? keyConverter : valueConverter;
            }

            @Override
            public void start() {
                key = null;
                value = null;
            }

            @Override
            public void end() {
                generalKeys.add(key);
                generalValues.add(value);
            }
        };

        @Override
        public Converter getConverter(int fieldIndex) {
            return entry;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
