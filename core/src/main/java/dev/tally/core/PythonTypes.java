package dev.tally.core;

import java.math.BigInteger;
import java.util.Map;

/** The Python type names hespas puts in its error messages, for Java values and {@link JsonValue}s. */
final class PythonTypes {
    private PythonTypes() {
    }

    static String nameOf(Object value) {
        if (value == null || value instanceof JsonValue.NullValue) {
            return "NoneType";
        } else if (value instanceof Boolean || value instanceof JsonValue.BoolValue) {
            return "bool";
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof JsonValue.StringValue) {
            return "str";
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof JsonValue.IntValue || value instanceof JsonValue.BigIntValue
                || value instanceof Timestamp.IntTimestamp) {
            return "int";
        } else if (value instanceof Double || value instanceof Float || value instanceof JsonValue.FloatValue
                || value instanceof Timestamp.FloatTimestamp) {
            return "float";
        } else if (value instanceof Map || value instanceof JsonValue.ObjectValue) {
            return "dict";
        } else if (value instanceof Iterable || value instanceof JsonValue.ArrayValue || value.getClass().isArray()) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }
}
