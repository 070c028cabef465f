package dev.tally.core.columnar;

import java.util.Objects;

/** A typed metadata column: the metadata key it holds and the kind of value it stores. */
public record MetadataColumn(String key, MetadataKind kind) {

    /** Checks that the key may have a column of its own. */
    public MetadataColumn {
        Objects.requireNonNull(kind, "kind");
        if (!Columns.isColumnKey(Objects.requireNonNull(key, "key"))) {
            throw new IllegalArgumentException("metadata key " + key + " cannot have a column: it must match [A-Za-z0-9_]{1,64}");
        }
    }

    /** The column's name: {@code metadata_} followed by the key. */
    public String columnName() {
        return Columns.metadataColumnName(key);
    }
}
