package dev.tally.core.columnar;

import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.json.HespasJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The key-value metadata that makes a columnar file a complete stream (Arrow schema metadata, Parquet footer
 * metadata): the layout version, the stream's version and metadata, and a CRC-32 over the last two, since
 * neither container checksums its metadata.
 */
public final class StreamMetadata {
    private StreamMetadata() {
    }

    /** The key-value metadata for {@code header}, in a fixed order. */
    public static Map<String, String> of(StreamHeader header) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(Columns.KEY_LAYOUT_VERSION, Integer.toString(Columns.LAYOUT_VERSION));
        kv.put(Columns.KEY_STREAM_VERSION, header.version());
        kv.put(Columns.KEY_STREAM_METADATA, HespasJson.toJson(new JsonValue.ObjectValue(header.metadata())));
        kv.put(Columns.KEY_HEADER_CRC, crc(header.version(), kv.get(Columns.KEY_STREAM_METADATA)));
        return kv;
    }

    /**
     * The stream header in {@code kv}, after checking the layout version and, when present, the CRC.
     *
     * @param container what holds the metadata, for messages ("the Arrow schema")
     * @param columns the container's column names, named when the file is not a counter event stream at all
     * @throws FormatException naming what is missing, newer than this library, or damaged
     */
    public static StreamHeader parse(Map<String, String> kv, String container, List<String> columns,
                                     FormatException.Location at) throws FormatException {
        String layout = kv.get(Columns.KEY_LAYOUT_VERSION);
        if (layout == null) {
            throw new FormatException(at, "not a counter event stream: " + container + " has no "
                    + Columns.KEY_LAYOUT_VERSION + " metadata (columns: " + String.join(", ", columns) + ")");
        }
        int version;
        try {
            version = Integer.parseInt(layout.trim());
        } catch (NumberFormatException e) {
            throw new FormatException(at, Columns.KEY_LAYOUT_VERSION + " is '" + layout + "', not an integer");
        }
        if (version < 1 || version > Columns.LAYOUT_VERSION) {
            throw new FormatException(at, "layout version " + version + " is not one this library reads (1 to "
                    + Columns.LAYOUT_VERSION + ")");
        }
        String streamVersion = kv.get(Columns.KEY_STREAM_VERSION);
        if (streamVersion == null) {
            throw new FormatException(at, container + " has no " + Columns.KEY_STREAM_VERSION + " metadata");
        }
        if (kv.containsKey(Columns.KEY_STREAM_METADATA) && kv.get(Columns.KEY_STREAM_METADATA) == null) {
            throw new FormatException(at, container + " has " + Columns.KEY_STREAM_METADATA + " without a value");
        }
        String metadataJson = kv.getOrDefault(Columns.KEY_STREAM_METADATA, "{}");
        String crc = kv.get(Columns.KEY_HEADER_CRC);
        if (crc != null && !crc.equals(crc(streamVersion, metadataJson))) {
            throw new FormatException(at, "the stream version or metadata in " + container + " is damaged (its "
                    + Columns.KEY_HEADER_CRC + " does not match)");
        }
        JsonValue metadata;
        try {
            metadata = HespasJson.parseValue(metadataJson);
        } catch (FormatException e) {
            throw new FormatException(at, Columns.KEY_STREAM_METADATA + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(metadata instanceof JsonValue.ObjectValue object)) {
            throw new FormatException(at, Columns.KEY_STREAM_METADATA + " is not a JSON object");
        }
        try {
            return new StreamHeader(streamVersion, object.members());
        } catch (IllegalArgumentException e) {
            throw new FormatException(at, e.getMessage(), e);
        }
    }

    private static String crc(String version, String metadataJson) {
        CRC32 crc = new CRC32();
        crc.update((version + "\u0000" + metadataJson).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
