package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.ColumnFinder;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import dev.tally.core.json.HespasJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * The row group being written, column by column ({@link ParquetLayout#schema}'s leaves, in order): events go
 * straight into each column's open page, with no record object or record assembly in between.
 */
final class RowGroupBuilder {
    private final MetadataKind[] kinds;
    private final ColumnFinder finder;
    private final StringChunk names;
    private final NumberChunk timestamps;
    private final NumberChunk exactTimestamps;
    private final StringChunk units;
    private final ColumnChunk[] typed;
    // The typed columns by kind, with their plan index: committed in loops without a switch.
    private final int[] numberIndex;
    private final NumberChunk[] numberColumns;
    private final int[] boolIndex;
    private final BooleanChunk[] boolColumns;
    private final StringChunk[] stringColumns;
    private final StringChunk keys;
    private final StringChunk values;
    private final ColumnChunk[] all;
    /** Typed values of the event being added (doubles as raw bits), before any column takes them. */
    private final long[] typedBits;
    private int rows;
    /** Rows since the last with general metadata: their empty maps go into the map's columns as one run. */
    private int emptyMaps;
    /** Rows since pages last ended together. */
    private int pageRows;
    private final PageWorker worker;
    /** This row group's page sizes. */
    private ColumnChunk.GroupBytes pageBytes = new ColumnChunk.GroupBytes();
    /** The file's size after the last row group written, set by the worker. */
    private volatile long writtenBytes;

    RowGroupBuilder(MessageType schema, MetadataPlan plan, PageOptions options) {
        List<ColumnDescriptor> leaves = schema.getColumns();
        MetadataColumn[] columns = plan.columns().toArray(new MetadataColumn[0]);
        this.finder = new ColumnFinder(plan);
        if (leaves.size() != ParquetLayout.FIRST_METADATA_COLUMN + columns.length + 2) {
            throw new IllegalArgumentException("schema does not match the plan: " + schema);
        }
        this.kinds = new MetadataKind[columns.length];
        this.names = new StringChunk(leaves.get(ParquetLayout.NAME), options, true);
        // Timestamps rarely repeat: no dictionary. Typed metadata values mostly do (per operation).
        this.timestamps = new NumberChunk(leaves.get(ParquetLayout.TIMESTAMP), options, false);
        this.exactTimestamps = new NumberChunk(leaves.get(ParquetLayout.TIMESTAMP_INT_FIELD), options, false);
        this.units = new StringChunk(leaves.get(ParquetLayout.UNIT), options, true);
        this.typed = new ColumnChunk[columns.length];
        for (int c = 0; c < columns.length; c++) {
            kinds[c] = columns[c].kind();
            ColumnDescriptor d = leaves.get(ParquetLayout.FIRST_METADATA_COLUMN + c);
            typed[c] = switch (kinds[c]) {
                case INT64, FLOAT64 -> new NumberChunk(d, options, true);
                case BOOL -> new BooleanChunk(d, options);
                case STRING -> new StringChunk(d, options, false);
                case STRING_DICT -> new StringChunk(d, options, true);
            };
        }
        int map = ParquetLayout.FIRST_METADATA_COLUMN + columns.length;
        this.keys = new StringChunk(leaves.get(map), options, true);
        this.values = new StringChunk(leaves.get(map + 1), options, true);
        this.all = ParquetLayout.leavesInOrder(names, timestamps, exactTimestamps, units, typed, keys, values,
                ColumnChunk[]::new);
        this.typedBits = new long[columns.length];
        this.numberIndex = java.util.stream.IntStream.range(0, kinds.length)
                .filter(c -> kinds[c] == MetadataKind.INT64 || kinds[c] == MetadataKind.FLOAT64).toArray();
        this.numberColumns = new NumberChunk[numberIndex.length];
        for (int k = 0; k < numberIndex.length; k++) {
            numberColumns[k] = (NumberChunk) typed[numberIndex[k]];
        }
        this.boolIndex = java.util.stream.IntStream.range(0, kinds.length)
                .filter(c -> kinds[c] == MetadataKind.BOOL).toArray();
        this.boolColumns = new BooleanChunk[boolIndex.length];
        for (int k = 0; k < boolIndex.length; k++) {
            boolColumns[k] = (BooleanChunk) typed[boolIndex[k]];
        }
        java.util.List<StringChunk> strings = new java.util.ArrayList<>();
        for (ColumnChunk c : typed) {
            if (c instanceof StringChunk s) {
                strings.add(s);
            }
        }
        this.stringColumns = strings.toArray(new StringChunk[0]);
        this.worker = options.worker();
        countInto(pageBytes);
    }

    private void countInto(ColumnChunk.GroupBytes bytes) {
        for (ColumnChunk c : all) {
            c.countInto(bytes);
        }
    }

    int rows() {
        return rows;
    }

    /**
     * Whether the row group's closed pages take {@code limit} bytes or more. The answer does not depend on how far
     * the worker has got: when the pages not yet encoded might reach the limit, this waits for them.
     */
    boolean pagesReach(long limit) throws IOException {
        if (pageBytes.upperBound() < limit) {
            return false;
        }
        worker.drain();
        return pageBytes.encoded() >= limit;
    }

    /** The file's size once every row group handed over so far is written: waits for the worker. */
    long writtenBytesWhenDone() throws IOException {
        worker.drain();
        return writtenBytes;
    }

    /**
     * Adds one event as a row. Whatever can refuse it (a name, unit or key UTF-8 cannot encode) is checked before
     * any column takes a value, so a refused event leaves no trace.
     */
    void add(CounterEvent e) throws IOException {
        if (!names.stage(e.eventName())) {
            throw Utf8.unencodable("event name", e.eventName());
        }
        if (!units.stage(e.timeUnit())) {
            names.clearStaged();
            throw Utf8.unencodable("time unit", e.timeUnit());
        }
        int present = 0; // bit c: typed column c has the event's value
        boolean general = false;
        Map<String, JsonValue> metadata = e.metadata();
        if (!metadata.isEmpty()) {
            try {
                for (int position = 0, n = Members.size(metadata); position < n; position++) {
                    String key = Members.key(metadata, position);
                    JsonValue v = Members.value(metadata, position);
                    int c = finder.find(key, position);
                    if (c >= 0 && stageTyped(c, v)) {
                        present |= 1 << c;
                    } else {
                        if (!keys.stage(key)) {
                            throw Utf8.unencodable("metadata key", key);
                        }
                        // JSON text with non-ASCII escaped: exact for every value, unpaired surrogates included.
                        values.stage(HespasJson.toJson(v));
                        general = true;
                    }
                }
            } catch (RuntimeException ex) {
                clearStaged();
                throw ex;
            }
        }
        // Nothing below refuses the event.
        names.commitRow();
        Timestamp t = e.timestamp();
        timestamps.add(Double.doubleToRawLongBits(t.doubleValue()));
        // Integers within +-2^53 are exact in the double, and readers know them by being integral (FORMAT.md).
        if (t instanceof Timestamp.IntTimestamp i && Columns.needsExactInt(i.value())) {
            exactTimestamps.add(i.value());
        } else {
            exactTimestamps.addNull();
        }
        units.commitRow();
        commitTyped(present);
        if (general) {
            flushEmptyMaps();
            keys.commitRow();
            values.commitRow();
        } else {
            emptyMaps++;
        }
        rows++;
        if (++pageRows == ColumnChunk.PAGE_ROWS) {
            pageRows = 0;
            flushEmptyMaps();
            for (ColumnChunk c : all) {
                c.endPage();
            }
        }
    }

    private boolean stageTyped(int c, JsonValue v) {
        switch (kinds[c]) {
            case INT64 -> {
                if (!(v instanceof JsonValue.IntValue i)) {
                    return false;
                }
                typedBits[c] = i.value();
            }
            case FLOAT64 -> {
                if (!(v instanceof JsonValue.FloatValue f)) {
                    return false;
                }
                typedBits[c] = Double.doubleToRawLongBits(f.value());
            }
            case BOOL -> {
                if (!(v instanceof JsonValue.BoolValue b)) {
                    return false;
                }
                typedBits[c] = b.value() ? 1 : 0;
            }
            case STRING, STRING_DICT -> {
                // A string UTF-8 cannot encode goes to the general column as escaped JSON text.
                return v instanceof JsonValue.StringValue s && ((StringChunk) typed[c]).stage(s.value());
            }
        }
        return true;
    }

    /** Adds the staged typed values ({@code present}: bit c for column c) and nulls for the columns without. */
    private void commitTyped(int present) throws IOException {
        for (int k = 0; k < numberColumns.length; k++) {
            int c = numberIndex[k];
            if ((present & (1 << c)) != 0) {
                numberColumns[k].add(typedBits[c]); // an int64, or a double's raw bits
            } else {
                numberColumns[k].addNull();
            }
        }
        for (int k = 0; k < boolColumns.length; k++) {
            int c = boolIndex[k];
            if ((present & (1 << c)) != 0) {
                boolColumns[k].add(typedBits[c] != 0);
            } else {
                boolColumns[k].addNull();
            }
        }
        for (StringChunk s : stringColumns) {
            s.commitRow(); // its staged value, or a null
        }
    }

    private void flushEmptyMaps() {
        if (emptyMaps > 0) {
            keys.nullRows(emptyMaps);
            values.nullRows(emptyMaps);
            emptyMaps = 0;
        }
    }

    private void clearStaged() {
        names.clearStaged();
        units.clearStaged();
        for (StringChunk s : stringColumns) {
            s.clearStaged();
        }
        keys.clearStaged();
        values.clearStaged();
    }

    /**
     * Ends the row group (if it has rows): its last pages and the row group itself are written by the worker, and
     * the builder is empty for the next.
     */
    void writeTo(ParquetFileWriter writer) throws IOException {
        if (rows == 0) {
            return;
        }
        flushEmptyMaps();
        ColumnChunk.ChunkDictionary[] dictionaries = new ColumnChunk.ChunkDictionary[all.length];
        for (int i = 0; i < all.length; i++) {
            all[i].endPage();
            dictionaries[i] = all[i].takeDictionary();
        }
        int n = rows;
        rows = 0;
        pageRows = 0;
        emptyMaps = 0;
        pageBytes = new ColumnChunk.GroupBytes();
        countInto(pageBytes);
        worker.submit(() -> {
            writer.startBlock(n);
            for (int i = 0; i < all.length; i++) {
                all[i].writeTo(writer, dictionaries[i]);
            }
            writer.endBlock();
            writtenBytes = writer.getPos();
        });
    }
}
