package dev.tally.core.columnar;

import java.util.regex.Pattern;

/**
 * Names fixed by the columnar layout (FORMAT.md, "Columnar layout"): the columns, the timestamp union's
 * members, and the keys of the schema's and fields' custom metadata.
 */
public final class Columns {
    private Columns() {
    }

    /** The layout version this library writes; readers refuse a newer one. */
    public static final int LAYOUT_VERSION = 1;

    /** The event name, dictionary-encoded. */
    public static final String EVENT_NAME = "event_name";
    /** The timestamp, a union of {@link #TIMESTAMP_INT} and {@link #TIMESTAMP_FLOAT}. */
    public static final String TIMESTAMP = "timestamp";
    /** The union member holding integer timestamps (type id 0). */
    public static final String TIMESTAMP_INT = "int";
    /** The union member holding float timestamps (type id 1). */
    public static final String TIMESTAMP_FLOAT = "float";
    /** Union type id of {@link #TIMESTAMP_INT}. */
    public static final byte TIMESTAMP_INT_TYPE_ID = 0;
    /** Union type id of {@link #TIMESTAMP_FLOAT}. */
    public static final byte TIMESTAMP_FLOAT_TYPE_ID = 1;
    /**
     * The flat layouts' (Parquet, and the flat view of exported batches) exact integer timestamp column, beside a
     * {@code double} {@link #TIMESTAMP}: it holds the integers a double may not hold ({@link #needsExactInt}).
     */
    public static final String FLAT_TIMESTAMP_INT = "timestamp_int";

    /** Whether integer timestamp {@code v} needs {@link #FLAT_TIMESTAMP_INT}: beyond +-2^53 a double may round it. */
    public static boolean needsExactInt(long v) {
        return v > (1L << 53) || v < -(1L << 53);
    }

    /** The time unit, dictionary-encoded. */
    public static final String TIMEUNIT = "timeunit";
    /** The general metadata column: every entry not held by a typed metadata column, as JSON text. */
    public static final String METADATA = "metadata";
    /** Prefix of a typed metadata column's name; the rest of the name is the metadata key. */
    public static final String METADATA_PREFIX = "metadata_";

    /** Schema metadata: the layout version, a decimal integer. */
    public static final String KEY_LAYOUT_VERSION = "tally.layout_version";
    /** Schema metadata: the hespas stream version, for example {@code 0.0.1}. */
    public static final String KEY_STREAM_VERSION = "hespas.version";
    /** Schema metadata: the hespas stream metadata, a JSON object. */
    public static final String KEY_STREAM_METADATA = "hespas.metadata";
    /** Schema metadata: CRC-32 (8 lower-case hex digits) of the stream version, a NUL, and the metadata text. */
    public static final String KEY_HEADER_CRC = "tally.header_crc32";
    /** Field metadata of a typed metadata column: the metadata key it holds. */
    public static final String KEY_METADATA_KEY = "tally.metadata_key";
    /** Field metadata of a typed metadata column: its {@link MetadataKind}, by name. */
    public static final String KEY_METADATA_KIND = "tally.metadata_kind";

    /** Metadata keys that may have a typed column of their own: short, and safe in every tool's column names. */
    private static final Pattern COLUMN_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    /** Whether {@code key} may be given a typed column named {@link #metadataColumnName(String)}. */
    public static boolean isColumnKey(String key) {
        return COLUMN_KEY.matcher(key).matches();
    }

    /** The name of the typed column holding metadata key {@code key}. */
    public static String metadataColumnName(String key) {
        return METADATA_PREFIX + key;
    }
}
