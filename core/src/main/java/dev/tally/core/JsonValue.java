package dev.tally.core;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A metadata value: any value Python's json module reads or writes. Integers keep their exact value (a
 * {@link BigIntValue} beyond 64 bits), floats keep NaN, the infinities and the sign of zero, and an integer is
 * never equal to a float ({@code 2} is not {@code 2.0}), as in the hespas JSON files.
 *
 * <p>Values are immutable. Objects keep their key order; equality ignores it, as Python's dict equality does.
 */
public sealed interface JsonValue {

    /** JSON {@code null}. */
    JsonValue NULL = new NullValue();
    /** JSON {@code true}. */
    JsonValue TRUE = new BoolValue(true);
    /** JSON {@code false}. */
    JsonValue FALSE = new BoolValue(false);

    /** JSON {@code null}; use {@link #NULL}. */
    record NullValue() implements JsonValue {
        @Override
        public String toString() {
            return "null";
        }
    }

    /** {@code true} or {@code false}. */
    record BoolValue(boolean value) implements JsonValue {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** An integer that fits in a signed 64-bit long. */
    record IntValue(long value) implements JsonValue {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** An integer outside the signed 64-bit range; smaller ones are always {@link IntValue}s. */
    record BigIntValue(BigInteger value) implements JsonValue {
        /** Refuses a value that fits in a long, so that each integer has one representation. */
        public BigIntValue {
            if (value.bitLength() <= 63) {
                throw new IllegalArgumentException(value + " fits in a long; use JsonValue.of(BigInteger)");
            }
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** A 64-bit float, NaN and infinities included; equality is that of {@link Double#compare}. */
    record FloatValue(double value) implements JsonValue {
        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** A string. */
    record StringValue(String value) implements JsonValue {
        /** Refuses null. */
        public StringValue {
            if (value == null) {
                throw new NullPointerException("string value");
            }
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** A list of values, in order. */
    record ArrayValue(List<JsonValue> values) implements JsonValue {
        /** Copies the list; refuses null elements. */
        public ArrayValue {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /** An object: string keys, values in insertion order. */
    record ObjectValue(Map<String, JsonValue> members) implements JsonValue {
        /** Copies the map, keeping its order; refuses null keys and values. */
        public ObjectValue {
            members = copyMembers(members);
        }

        @Override
        public String toString() {
            return members.toString();
        }
    }

    /** The integer {@code value}. */
    static JsonValue of(long value) {
        return new IntValue(value);
    }

    /** The integer {@code value}, as an {@link IntValue} when it fits in a long. */
    static JsonValue of(BigInteger value) {
        return value.bitLength() <= 63 ? new IntValue(value.longValue()) : new BigIntValue(value);
    }

    /** The float {@code value} (an integral float stays a float, as in Python). */
    static JsonValue of(double value) {
        return new FloatValue(value);
    }

    /** The string {@code value}. */
    static JsonValue of(String value) {
        return new StringValue(value);
    }

    /** {@link #TRUE} or {@link #FALSE}. */
    static JsonValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * Converts a plain Java value: null, Boolean, String (or other CharSequence), integral numbers and
     * BigInteger, Float and Double, a Map with String keys, an Iterable or array, or a JsonValue (kept as is).
     *
     * @throws IllegalArgumentException for anything else (a BigDecimal, a map key that is not a String, ...)
     */
    static JsonValue from(Object value) {
        if (value == null) {
            return NULL;
        } else if (value instanceof JsonValue j) {
            return j;
        } else if (value instanceof Boolean b) {
            return of(b.booleanValue());
        } else if (value instanceof CharSequence s) {
            return of(s.toString());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return of(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            return of(b);
        } else if (value instanceof Double || value instanceof Float) {
            return of(((Number) value).doubleValue());
        } else if (value instanceof Map<?, ?> m) {
            return new ObjectValue(membersOf(m));
        } else if (value instanceof Iterable<?> it) {
            List<JsonValue> list = new ArrayList<>();
            for (Object o : it) {
                list.add(from(o));
            }
            return new ArrayValue(list);
        } else if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<JsonValue> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(from(Array.get(value, i)));
            }
            return new ArrayValue(list);
        }
        throw new IllegalArgumentException("cannot convert a " + value.getClass().getName() + " to a JSON value");
    }

    /**
     * Converts a map with String keys and plain Java or JsonValue values into an immutable, ordered member map.
     *
     * @throws IllegalArgumentException if a key is not a String or a value cannot be converted
     */
    @SuppressWarnings("unchecked")
    static Map<String, JsonValue> membersOf(Map<?, ?> map) {
        if (map instanceof FrozenMembers) {
            return (Map<String, JsonValue>) map;
        }
        if (map.isEmpty()) {
            return Map.of(); // no allocation: the fast path passes an empty map for every event without metadata
        }
        MembersBuilder out = new MembersBuilder(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("metadata keys must be strings, not " + PythonTypes.nameOf(e.getKey())
                        + " (" + e.getKey() + ")");
            }
            out.put(key, from(e.getValue()));
        }
        return out.build();
    }

    private static Map<String, JsonValue> copyMembers(Map<String, JsonValue> members) {
        return FrozenMembers.of(members);
    }
}
