package dev.tally.parquet;

import dev.tally.core.AtomicFileOutput;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventWriter;
import dev.tally.core.FormatException;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.KeyCheck;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a counter event stream as a Parquet file in the layout of FORMAT.md, one event at a time; row groups
 * are flushed by size, so memory is bounded by the row group, not the stream. The typed metadata columns are
 * chosen from the first {@link #PLAN_SAMPLE} events, as the Arrow writer chooses them.
 *
 * <p>Where there is a second processor, full pages are encoded and compressed, and row groups written, on a thread
 * of the writer's own while the caller's thread stages the next events; the file is the same either way. A
 * failure there (a full disk, say) is thrown by a later {@link #write} or by {@link #close}, after which only
 * {@link #abort()} is left.
 *
 * <p>Not thread-safe: one writer per thread.
 */
public final class ParquetEventWriter implements EventWriter {
    /** Events buffered to choose the typed metadata columns. */
    public static final int PLAN_SAMPLE = 65_536;
    /** The default row group size limit in bytes: parquet-java's, 128 MiB. */
    public static final long DEFAULT_ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;
    /**
     * The default row group size limit in rows, as pyarrow's. Compressed events are small (a few bytes), so the
     * byte limit alone would let a row group (held in memory until written, and read whole) grow to tens of
     * millions of events.
     */
    public static final int DEFAULT_ROW_GROUP_ROWS = 1 << 20;
    /** The least row group size {@link Builder#rowGroupBytes} takes: 64 KiB. */
    static final long MIN_ROW_GROUP_BYTES = 1 << 16;

    private final Builder options;
    private final StreamHeader header;
    private final AtomicFileOutput file;
    private List<CounterEvent> pending = new ArrayList<>();
    private ParquetFileWriter fileWriter;
    private AtomicOutputFile output;
    private PageCompressor compressor;
    private PageWorker worker;
    private RowGroupBuilder group;
    /** The file's size once its header is written. */
    private long headerBytes;
    private int rowGroupsEnded;
    private MetadataPlan plan;
    private String checkedName;
    private String checkedUnit;
    private final KeyCheck keyCheck = new KeyCheck();
    private long events;
    private boolean closed;

    private ParquetEventWriter(Builder options, StreamHeader header, AtomicFileOutput file) throws IOException {
        this.options = options;
        this.header = Objects.requireNonNull(header, "header");
        this.file = file;
        if (options.plan != null) {
            begin(options.plan);
            pending = null; // nothing to choose: events go straight to the row group
        }
    }

    /** A builder with the defaults: ZSTD, row groups of at most 2^20 rows and 128 MiB. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link ParquetEventWriter}. */
    public static final class Builder {
        private ParquetCodec codec = ParquetCodec.ZSTD;
        private long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
        private int rowGroupRows = DEFAULT_ROW_GROUP_ROWS;
        private MetadataPlan plan;
        private boolean replaceExisting;
        private boolean legacyPages;
        private boolean concurrentPages = PageWorker.CONCURRENT;

        private Builder() {
        }

        /** Whether pages are encoded and row groups written on a second thread; by default when there are two processors. */
        Builder concurrentPages(boolean value) {
            this.concurrentPages = value;
            return this;
        }

        /**
         * Writes version 1 data pages with PLAIN and dictionary encodings only, for readers that refuse version 2
         * pages or the DELTA_BINARY_PACKED and BYTE_STREAM_SPLIT encodings (files are 20-35% larger).
         */
        public Builder legacyPages(boolean value) {
            this.legacyPages = value;
            return this;
        }

        /** Page compression; ZSTD by default. */
        public Builder codec(ParquetCodec value) {
            this.codec = Objects.requireNonNull(value, "codec");
            return this;
        }

        /** Row group size limit in bytes; 128 MiB by default. */
        public Builder rowGroupBytes(long value) {
            if (value < MIN_ROW_GROUP_BYTES) {
                throw new IllegalArgumentException("row groups of at least 64 KiB, not " + value + " bytes");
            }
            this.rowGroupBytes = value;
            return this;
        }

        /** Most rows in a row group; {@link #DEFAULT_ROW_GROUP_ROWS} by default. Memory grows with it. */
        public Builder rowGroupRows(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("row groups of at least 1 row, not " + value);
            }
            this.rowGroupRows = value;
            return this;
        }

        /** The typed metadata columns, instead of choosing them from the first events. */
        public Builder metadataPlan(MetadataPlan value) {
            this.plan = value;
            return this;
        }

        /** Whether a file already at the target is replaced; by default opening fails if one exists. */
        public Builder replaceExisting(boolean value) {
            this.replaceExisting = value;
            return this;
        }

        /** Writes under a temporary name beside {@code target} and moves the file into place on close. */
        public ParquetEventWriter open(Path target, StreamHeader header) throws IOException {
            AtomicFileOutput file = AtomicFileOutput.create(target, replaceExisting);
            try {
                return new ParquetEventWriter(this, header, file);
            } catch (IOException | RuntimeException e) {
                file.abort();
                throw e;
            }
        }
    }

    private void begin(MetadataPlan chosen) throws IOException {
        this.plan = chosen;
        MessageType schema = ParquetLayout.schema(chosen);
        // parquet-java lays out the file around our pages: headers, page CRCs (so readers can tell a damaged value
        // from a real one), statistics, column and offset indexes, the footer.
        output = new AtomicOutputFile(file);
        fileWriter = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.OVERWRITE,
                options.rowGroupBytes, 0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, true);
        fileWriter.start();
        headerBytes = fileWriter.getPos();
        compressor = new PageCompressor(options.codec);
        // The caller stages rows into open pages; full pages are encoded and compressed, and row groups written,
        // by the worker. Two pages per column in flight keep both threads busy and memory bounded.
        int columns = schema.getColumns().size();
        worker = options.concurrentPages ? PageWorker.concurrent(2 * columns + 2) : PageWorker.inline();
        group = new RowGroupBuilder(schema, chosen, new PageOptions(options.legacyPages, worker, compressor));
    }

    /**
     * {@inheritDoc}
     *
     * @throws FormatException naming the file, the event's index and the field if the event's name, unit or a
     *     metadata key holds an unpaired surrogate (UTF-8 cannot store it); the event is not written and the
     *     writer stays usable
     */
    @Override
    public void write(CounterEvent event) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (worker != null && worker.failure() != null) {
            throw new IllegalStateException("writing pages failed earlier (" + worker.failure() + "); abort() the writer",
                    worker.failure());
        }
        if (pending != null) {
            try {
                check(event);
            } catch (Utf8.Unencodable e) {
                throw refused(e);
            }
            pending.add(event);
            events++;
            if (pending.size() >= PLAN_SAMPLE) {
                flushPending();
            }
            return;
        }
        add(event);
    }

    /** A refused string placed at the event being written in the output file. */
    private FormatException refused(Utf8.Unencodable e) {
        return e.at(FormatException.Location.UNKNOWN.inSource(file.target().toString()).atEvent(events));
    }

    private void add(CounterEvent event) throws IOException {
        try {
            group.add(event);
        } catch (Utf8.Unencodable e) {
            throw refused(e); // checked before any column took a value: the writer stays usable
        }
        events++;
        if (group.rows() >= options.rowGroupRows
                || (group.rows() & 1023) == 0 && group.pagesReach(options.rowGroupBytes)) {
            group.writeTo(fileWriter);
            rowGroupsEnded++;
        }
    }

    /** Refuses, before it is held back, an event the writer could not write later (strings UTF-8 cannot encode). */
    private void check(CounterEvent e) {
        // Names and units repeat as the same objects: each is scanned when it changes.
        if (e.eventName() != checkedName) {
            if (!Utf8.isEncodable(e.eventName())) {
                throw Utf8.unencodable("event name", e.eventName());
            }
            checkedName = e.eventName();
        }
        if (e.timeUnit() != checkedUnit) {
            if (!Utf8.isEncodable(e.timeUnit())) {
                throw Utf8.unencodable("time unit", e.timeUnit());
            }
            checkedUnit = e.timeUnit();
        }
        Map<String, JsonValue> metadata = e.metadata();
        for (int p = 0, n = Members.size(metadata); p < n; p++) { // by position: no entry object per member
            keyCheck.check(Members.key(metadata, p), p);
        }
    }

    private void flushPending() throws IOException {
        List<CounterEvent> sample = pending;
        pending = null;
        if (fileWriter == null) {
            begin(MetadataPlan.choose(sample));
        }
        events -= sample.size(); // counted when held back
        for (CounterEvent e : sample) {
            add(e);
        }
    }

    /** The file being written, for tests that fail its channel under the writer. */
    AtomicFileOutput output() {
        return file;
    }

    @Override
    public long eventCount() {
        return events;
    }

    /** The typed metadata columns, once chosen (from the first events, or as given); null before. */
    public MetadataPlan metadataPlan() {
        return plan;
    }

    /** Row groups ended so far by their row or byte limit (the one being filled is not counted). */
    int rowGroupsEnded() {
        return rowGroupsEnded;
    }

    /**
     * The file's size, exactly, once the row groups ended so far are written (waiting for the worker to write
     * them): the same figure whichever thread writes them, so that decisions taken on it do not vary from run to run.
     */
    long endedRowGroupsBytes() throws IOException {
        return fileWriter == null ? 0 : Math.max(headerBytes, group.writtenBytesWhenDone());
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean done = false;
        try {
            if (pending != null) {
                flushPending();
            }
            group.writeTo(fileWriter);
            worker.drain();
            // parquet-java writes the indexes and the footer; the footer is rewritten with their checksums
            output.startTail();
            fileWriter.end(ParquetLayout.keyValueMetadata(header));
            output.endTail(ChunkChecksums::addTo);
            file.commit();
            done = true;
        } finally {
            if (worker != null) {
                worker.shutdown();
            }
            if (compressor != null) {
                compressor.close();
            }
            if (!done) {
                try {
                    if (fileWriter != null) {
                        fileWriter.close();
                    }
                } finally {
                    file.abort();
                }
            }
        }
    }

    @Override
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (fileWriter != null) {
                worker.shutdown(); // before the compressor and file it uses are closed
                compressor.close();
                fileWriter.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the output is thrown away
        } finally {
            file.abort();
        }
    }
}
