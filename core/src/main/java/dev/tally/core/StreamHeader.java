package dev.tally.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about a stream except its events: the hespas format version and the stream metadata. Every
 * reader hands one out before the first event and every writer takes one before the first event.
 *
 * @param version the hespas format version, as written in the file (checked by {@link StreamVersion#check})
 * @param metadata the stream metadata; copied, immutable, in insertion order
 */
public record StreamHeader(String version, Map<String, JsonValue> metadata) {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHeader.class);

    /** Checks the version (logging hespas's warning when it is newer than this library's) and copies the metadata. */
    public StreamHeader {
        Objects.requireNonNull(version, "version");
        StreamVersion.check(version).ifPresent(LOG::warn);
        metadata = JsonValue.membersOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** A header of the current version with the given metadata (plain Java or {@link JsonValue} values). */
    public static StreamHeader of(Map<String, ?> metadata) {
        return new StreamHeader(StreamVersion.CURRENT, JsonValue.membersOf(metadata));
    }

    /** A header of the current version without metadata. */
    public static StreamHeader empty() {
        return new StreamHeader(StreamVersion.CURRENT, Map.of());
    }

    /** hespas's warning when this stream's version is newer than the one this library implements. */
    public Optional<String> versionWarning() {
        return StreamVersion.check(version);
    }
}
