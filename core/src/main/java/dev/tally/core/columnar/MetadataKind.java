package dev.tally.core.columnar;

import dev.tally.core.JsonValue;

/**
 * The value kind of a typed metadata column. A value goes into the column only when it is of exactly this kind;
 * any other value of the same key (a JSON null, an integer beyond 64 bits, a nested value, another kind) goes to
 * the general {@code metadata} column, so every value comes back as it went in.
 */
public enum MetadataKind {
    /** JSON integers that fit a signed 64-bit integer. */
    INT64,
    /** JSON floats (NaN and the infinities included); a float with an integral value stays a float. */
    FLOAT64,
    /** JSON booleans. */
    BOOL,
    /** JSON strings, stored as they are. */
    STRING,
    /** JSON strings, dictionary-encoded: for keys whose values repeat. */
    STRING_DICT;

    /** Whether {@code value} is stored in a column of this kind. */
    public boolean accepts(JsonValue value) {
        return switch (this) {
            case INT64 -> value instanceof JsonValue.IntValue;
            case FLOAT64 -> value instanceof JsonValue.FloatValue;
            case BOOL -> value instanceof JsonValue.BoolValue;
            case STRING, STRING_DICT -> value instanceof JsonValue.StringValue;
        };
    }

    /** The kind a column for {@code value} would have, or null when the value can only be held as JSON text. */
    static MetadataKind of(JsonValue value) {
        if (value instanceof JsonValue.IntValue) {
            return INT64;
        }
        if (value instanceof JsonValue.FloatValue) {
            return FLOAT64;
        }
        if (value instanceof JsonValue.BoolValue) {
            return BOOL;
        }
        if (value instanceof JsonValue.StringValue) {
            return STRING;
        }
        return null;
    }
}
