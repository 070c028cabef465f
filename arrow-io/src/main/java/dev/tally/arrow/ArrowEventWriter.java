package dev.tally.arrow;

import dev.tally.core.AtomicFileOutput;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventWriter;
import dev.tally.core.FormatException;
import dev.tally.core.Handoff;
import dev.tally.core.JsonValue;
import dev.tally.core.Members;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.columnar.KeyCheck;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a counter event stream as Arrow IPC in the columnar layout of FORMAT.md, one record batch every
 * {@link Builder#batchRows(int) batchRows} events, holding at most one batch in memory; two in the file form where
 * there is a second processor. There the work per event is split: the caller's thread fills each row's name,
 * timestamp and unit and checks its metadata (a key UTF-8 cannot store is refused at once), and a thread of the
 * writer's own fills the full batch's metadata columns, compresses and writes it while the next one fills. Until
 * then the batch holds its events' (immutable) metadata maps, and ends early once their strings reach 256 MiB. A
 * failure on that thread is thrown by a later write or by close, after which only {@link #abort()} is left.
 *
 * <p>Two ways to write: {@link #write(CounterEvent)} takes events; the fast path interns names and units once
 * ({@link #nameId}, {@link #unitId}) and takes primitive timestamps ({@link #write(int, long, int)}), allocating
 * nothing per event when there is no metadata.
 *
 * <p>The typed metadata columns are chosen from the first batch ({@link MetadataPlan#choose}) unless given with
 * {@link Builder#metadataPlan}. Names, units and dictionary-encoded metadata values first seen late are added to
 * their dictionaries: the stream form sends them as delta dictionary batches before the batch that uses them,
 * the file form writes each complete dictionary once, before its footer (FORMAT.md, "Dictionaries").
 *
 * <p>Not thread-safe: one writer per thread.
 */
public final class ArrowEventWriter implements EventWriter {
    /** The default batch size: large enough to amortise per-batch costs, small enough for modest heaps. */
    public static final int DEFAULT_BATCH_ROWS = 65_536;
    /** Strings per batch past which a batch is flushed early, far below Arrow's 2 GiB offset limit. */
    static final long MAX_BATCH_STRING_BYTES = 256L << 20;
    /** Distinct values a dictionary-encoded metadata column takes; later new values go to the general column. */
    static final int METADATA_DICTIONARY_LIMIT = 1 << 16;
    /** Whether the file form's batches are written on a second thread: when there is a second processor. */
    static final boolean PIPELINED = Runtime.getRuntime().availableProcessors() > 1;

    private final ArrowForm form;
    private final int batchRows;
    /** Strings per batch past which a batch ends early: {@link #MAX_BATCH_STRING_BYTES} but in tests. */
    private final long batchStringBytes;
    private final StreamHeader header;
    private final BufferAllocator allocator;
    private final boolean ownsAllocator;
    private final CompressionCodec codec;
    /** The batch-writing thread's own codec (codecs keep scratch buffers): see {@link #writeBatch()}. */
    private final CompressionCodec batchCodec;
    private final AtomicFileOutput file;
    /** The caller's stream, buffered; null when writing a file, whose channel takes the buffers directly. */
    private final OutputStream sink;
    private final WritableByteChannel channel;
    /** The reader a live writer hands its batches to; null when writing IPC. */
    private final LiveBatchReader live;
    /** UTF-8 bytes of distinct names (or units) a writer takes: far beyond real traces, well below Arrow's 2 GiB. */
    static final long NAME_BYTES_LIMIT = 1L << 30;
    /** UTF-8 bytes a dictionary-encoded metadata column takes; later new values go to the general column. */
    static final long METADATA_DICTIONARY_BYTES_LIMIT = 64L << 20;

    private final StringDictionary names = new StringDictionary(Integer.MAX_VALUE, NAME_BYTES_LIMIT);
    private final StringDictionary units = new StringDictionary(Integer.MAX_VALUE, NAME_BYTES_LIMIT);
    private StringDictionary[] metadataDictionaries;
    private MetadataPlan plan;
    private List<CounterEvent> pending = new ArrayList<>();
    private final KeyCheck pendingKeys = new KeyCheck();
    private Schema schema;
    private IpcWriter ipc;
    private BatchBuilder batch;
    /**
     * The file form's full batches are compressed and written on a second thread while the caller fills the next:
     * the thread (started with the first batch, when there is a second processor), the batch it is writing, and
     * the builder that batch came from, which is filled next once it is written.
     */
    private ExecutorService batchWriter;
    private Future<?> writing;
    private BatchBuilder spare;
    private long events;
    private long batches;
    /** Batches the second thread added, where strings ended a batch before its rows did. */
    private final AtomicLong splitBatches = new AtomicLong();
    private boolean closed;
    /** Set when writing a batch failed: the output is in an unknown state, and only {@link #abort()} is left. */
    private Throwable failure;

    private ArrowEventWriter(Builder b, StreamHeader header, OutputStream sink, AtomicFileOutput file, boolean isLive) {
        ArrowRuntime.check();
        this.form = b.form;
        this.batchRows = b.batchRows;
        this.batchStringBytes = b.batchStringBytes;
        this.header = Objects.requireNonNull(header, "header");
        this.ownsAllocator = b.allocator == null;
        this.allocator = ownsAllocator ? new RootAllocator() : b.allocator.newChildAllocator("arrow-event-writer", 0, Long.MAX_VALUE);
        this.codec = Codecs.forWriting(b.codec, b.zstdLevel);
        this.batchCodec = Codecs.forWriting(b.codec, b.zstdLevel);
        this.sink = sink;
        this.file = file;
        // Writing a file, Arrow's direct buffers go to the file channel without a copy through the heap.
        this.channel = file != null ? file.channel() : sink != null ? Channels.newChannel(sink) : null;
        this.live = isLive ? new LiveBatchReader(DeferredClose.childOf(b.allocator, "live-batches")) : null;
        if (b.plan != null) {
            pending = null;
            try {
                begin(b.plan);
            } catch (RuntimeException e) {
                release();
                if (live != null) {
                    try {
                        live.close();
                    } catch (IOException ignored) {
                        // nothing was handed over yet
                    }
                }
                throw e;
            }
        }
    }

    /** A builder with the defaults: file form, no compression, {@link #DEFAULT_BATCH_ROWS} rows per batch. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an {@link ArrowEventWriter}. */
    public static final class Builder {
        private ArrowForm form = ArrowForm.FILE;
        private ArrowCodec codec = ArrowCodec.NONE;
        private int zstdLevel = 3;
        private int batchRows = DEFAULT_BATCH_ROWS;
        private BufferAllocator allocator;
        private MetadataPlan plan;
        private boolean replaceExisting;
        private long batchStringBytes = MAX_BATCH_STRING_BYTES;

        private Builder() {
        }

        /** Strings per batch past which a batch ends early ({@link #MAX_BATCH_STRING_BYTES}); tests make it small. */
        Builder batchStringBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch string bytes must be positive, not " + value);
            }
            this.batchStringBytes = value;
            return this;
        }

        /** The IPC form; {@link ArrowForm#FILE} by default. */
        public Builder form(ArrowForm value) {
            this.form = Objects.requireNonNull(value, "form");
            return this;
        }

        /** Buffer compression; {@link ArrowCodec#NONE} by default. */
        public Builder codec(ArrowCodec value) {
            this.codec = Objects.requireNonNull(value, "codec");
            return this;
        }

        /** The Zstandard level (1 to 22; 3 by default), used with {@link ArrowCodec#ZSTD}. */
        public Builder zstdLevel(int value) {
            if (value < 1 || value > 22) {
                throw new IllegalArgumentException("zstd level must be 1 to 22, not " + value);
            }
            this.zstdLevel = value;
            return this;
        }

        /**
         * Rows per record batch, 1 to {@link dev.tally.core.Limits#MAX_BATCH_ROWS}; {@link #DEFAULT_BATCH_ROWS} by
         * default.
         */
        public Builder batchRows(int value) {
            this.batchRows = dev.tally.core.Limits.batchRows("batch rows", value);
            return this;
        }

        /** The allocator to draw from (a child allocator is used and closed); by default a private one. */
        public Builder allocator(BufferAllocator value) {
            this.allocator = value;
            return this;
        }

        /** The typed metadata columns, instead of choosing them from the first batch. */
        public Builder metadataPlan(MetadataPlan value) {
            this.plan = value;
            return this;
        }

        /** Whether a file already at the target is replaced; by default opening fails if one exists. */
        public Builder replaceExisting(boolean value) {
            this.replaceExisting = value;
            return this;
        }

        /**
         * Writes a file under a temporary name in the target's directory and moves it into place on
         * {@link ArrowEventWriter#close()}.
         */
        public ArrowEventWriter open(Path target, StreamHeader header) throws IOException {
            AtomicFileOutput file = AtomicFileOutput.create(target, replaceExisting);
            if (form == ArrowForm.STREAM) {
                file.keepIfInterrupted(); // every batch written is readable: recover can save them
            }
            try {
                return new ArrowEventWriter(this, header, null, file, false);
            } catch (RuntimeException e) {
                file.abort();
                throw e;
            }
        }

        /** Writes to {@code out}, which {@link ArrowEventWriter#close()} and {@link ArrowEventWriter#abort()} close. */
        public ArrowEventWriter open(OutputStream out, StreamHeader header) {
            return new ArrowEventWriter(this, header, new BufferedOutputStream(out, 1 << 20), null, false);
        }

        /**
         * A live writer: it writes no bytes, but hands each batch (and the dictionary entries it needs) to
         * {@link ArrowEventWriter#liveBatches()}, for {@link ArrowExport} to pass to a native consumer while events
         * are still being written. The form and codec do not apply. Read the batches from another thread.
         */
        public ArrowEventWriter openLive(StreamHeader header) {
            return new ArrowEventWriter(this, header, null, null, true);
        }
    }

    /**
     * The batches of a live writer ({@link Builder#openLive}), for one reader on another thread.
     *
     * @throws IllegalStateException if this writer writes IPC bytes instead
     */
    public LiveBatchReader liveBatches() {
        if (live == null) {
            throw new IllegalStateException("not a live writer: open it with Builder.openLive");
        }
        return live;
    }

    /** The IPC form being written. */
    public ArrowForm form() {
        return form;
    }

    /**
     * The id of event name {@code name} for the fast path, adding it to the name dictionary if new.
     *
     * @throws IllegalArgumentException if the name holds an unpaired surrogate (UTF-8 cannot store it), or the
     *     distinct names exceed 1 GiB
     */
    public int nameId(String name) {
        return intern(names, Objects.requireNonNull(name, "name"), "event name");
    }

    /**
     * The id of time unit {@code unit} for the fast path, adding it to the unit dictionary if new.
     *
     * @throws IllegalArgumentException as {@link #nameId} does
     */
    public int unitId(String unit) {
        return intern(units, Objects.requireNonNull(unit, "unit"), "time unit");
    }

    /** Interns a name or unit, refusing what the dictionary cannot take. */
    static int intern(StringDictionary d, String s, String what) {
        int id = d.intern(s);
        if (id == StringDictionary.UNENCODABLE) {
            throw Utf8.unencodable(what, s);
        }
        if (id == StringDictionary.FULL) {
            throw new IllegalArgumentException("the distinct " + what + "s exceed " + (NAME_BYTES_LIMIT >> 20)
                    + " MiB, more than one stream can hold");
        }
        return id;
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
        checkOpen();
        try {
            int name = nameId(event.eventName());
            int unit = unitId(event.timeUnit());
            if (pending != null) {
                Map<String, JsonValue> metadata = event.metadata();
                for (int i = 0, n = Members.size(metadata); i < n; i++) {
                    pendingKeys.check(Members.key(metadata, i), i); // refused now, not when the first batch is written
                }
                pending.add(event);
                events++;
                if (pending.size() >= batchRows) {
                    flushPending();
                }
                return;
            }
            batch.event(name, event, unit);
        } catch (Utf8.Unencodable e) {
            throw refused(e);
        }
        rowDone();
    }

    /** A refused string placed at the event being written, in the output file when there is one. */
    private FormatException refused(Utf8.Unencodable e) {
        FormatException.Location at = FormatException.Location.UNKNOWN.atEvent(events);
        return e.at(file == null ? at : at.inSource(file.target().toString()));
    }

    /** Fast path: an event with an integer timestamp and no metadata. */
    public void write(int nameId, long timestamp, int unitId) throws IOException {
        write(nameId, timestamp, unitId, Map.of());
    }

    /**
     * Fast path: an event with a float timestamp and no metadata. An integral value becomes an integer timestamp,
     * as hespas makes it.
     *
     * @throws IllegalArgumentException if the value is integral but beyond the signed 64-bit range
     */
    public void write(int nameId, double timestamp, int unitId) throws IOException {
        write(nameId, timestamp, unitId, Map.of());
    }

    /**
     * Fast path: an event with an integer timestamp and metadata. A map taken from an event or built with
     * {@link dev.tally.core.MembersBuilder} is used as it is; any other map is checked and copied first.
     */
    public void write(int nameId, long timestamp, int unitId, Map<String, JsonValue> metadata) throws IOException {
        checkIds(nameId, unitId);
        metadata = JsonValue.membersOf(metadata);
        if (pending != null) {
            write(new CounterEvent(names.value(nameId), Timestamp.of(timestamp), units.value(unitId), metadata));
            return;
        }
        checkOpen();
        batch.row(nameId, timestamp, unitId);
        finishRow(metadata);
    }

    /** Fast path: an event with a float timestamp and metadata; see {@link #write(int, double, int)}. */
    public void write(int nameId, double timestamp, int unitId, Map<String, JsonValue> metadata) throws IOException {
        checkIds(nameId, unitId);
        metadata = JsonValue.membersOf(metadata);
        if (pending != null || isIntegral(timestamp)) {
            Timestamp t = Timestamp.of(timestamp);
            if (pending != null) {
                write(new CounterEvent(names.value(nameId), t, units.value(unitId), metadata));
                return;
            }
            checkOpen();
            batch.row(nameId, ((Timestamp.IntTimestamp) t).value(), unitId);
        } else {
            checkOpen();
            batch.row(nameId, timestamp, unitId);
        }
        finishRow(metadata);
    }

    private void finishRow(Map<String, JsonValue> metadata) throws IOException {
        if (metadata.isEmpty()) {
            batch.noMetadata();
        } else {
            try {
                batch.metadata(metadata);
            } catch (Utf8.Unencodable e) {
                throw refused(e);
            }
        }
        rowDone();
    }

    private void rowDone() throws IOException {
        events++;
        if (batch.isFull() || batch.strings() >= batchStringBytes) {
            flushBatch();
        }
    }

    private static boolean isIntegral(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v);
    }

    private void checkIds(int nameId, int unitId) {
        if (nameId < 0 || nameId >= names.size()) {
            throw new IllegalArgumentException("name id " + nameId + " was not returned by nameId()");
        }
        if (unitId < 0 || unitId >= units.size()) {
            throw new IllegalArgumentException("unit id " + unitId + " was not returned by unitId()");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("writing a batch failed earlier (" + failure + "); abort() the writer", failure);
        }
    }

    @Override
    public long eventCount() {
        return events;
    }

    /** Record batches completed so far (the file form's latest may still be being written on the second thread). */
    public long batchCount() {
        return batches + splitBatches.get();
    }

    /** The schema being written; before the first batch is complete, null unless a plan was given. */
    public Schema schema() {
        return schema;
    }

    private void begin(MetadataPlan plan) {
        metadataDictionaries = metadataDictionaries(plan);
        schema = ArrowLayout.schema(header, plan);
        this.plan = plan;
        batch = newBatch();
    }

    private BatchBuilder newBatch() {
        // A live writer's batches leave with their buffers, so they come from the live reader's allocator.
        return new BatchBuilder(live != null ? live.batchAllocator() : allocator, schema, plan, metadataDictionaries,
                batchRows, fillsOnSecondThread());
    }

    /**
     * Whether batches are written on the second thread, which then also fills their metadata columns: half the
     * work per event, which the caller's thread would otherwise do alone (benchmarks/README.md).
     */
    private boolean fillsOnSecondThread() {
        return live == null && form == ArrowForm.FILE && PIPELINED;
    }

    /** An empty dictionary for each dictionary-encoded metadata column of {@code plan}, null for the others. */
    static StringDictionary[] metadataDictionaries(MetadataPlan plan) {
        List<MetadataColumn> columns = plan.columns();
        StringDictionary[] dictionaries = new StringDictionary[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).kind() == MetadataKind.STRING_DICT) {
                dictionaries[i] = new StringDictionary(METADATA_DICTIONARY_LIMIT, METADATA_DICTIONARY_BYTES_LIMIT);
            }
        }
        return dictionaries;
    }

    private void flushPending() throws IOException {
        if (live != null) {
            live.ensureOpen();
        }
        List<CounterEvent> sample = pending;
        pending = null;
        begin(MetadataPlan.choose(sample));
        long count = events;
        events -= sample.size();
        for (CounterEvent e : sample) {
            write(e);
        }
        assert events == count;
    }

    private void ensureStarted() throws IOException {
        if (ipc == null) {
            ipc = new IpcWriter(channel, form, schema);
            ipc.start();
        }
    }

    private void flushBatch() throws IOException {
        try {
            writeBatch();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    private void writeBatch() throws IOException {
        if (live != null) {
            live.ensureOpen();
            if (batches == 0) {
                live.offer(schema);
            }
            writeDictionaries(batches > 0);
            live.offer(batch.unload(NoCompressionCodec.INSTANCE)); // the batch holds the buffers now
            batch.close();
            batch = newBatch();
            batches++;
            return;
        }
        ensureStarted();
        if (fillsOnSecondThread()) { // the live form returned above
            // Nothing of the file form is readable before close, so its batches may be written later than they fill;
            // the stream form's are written (and flushed) before write() returns, for readers following the stream.
            awaitBatchWritten(); // frees the spare builder, and keeps batches in order
            BatchBuilder full = batch;
            if (batchWriter == null) {
                batchWriter = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "tally-arrow-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            writing = batchWriter.submit(() -> {
                fillAndWrite(full);
                return null;
            });
            batch = spare != null ? spare : newBatch();
            batch.reset();
            spare = full;
            batches++;
            return;
        }
        if (form == ArrowForm.STREAM) {
            writeDictionaries(batches > 0);
        }
        try (ArrowRecordBatch rb = batch.unload(codec)) {
            ipc.writeBatch(rb);
        }
        if (file != null) {
            file.wrote(ipc.position());
        }
        batch.reset();
        batches++;
        if (form == ArrowForm.STREAM && sink != null) {
            sink.flush(); // a reader (or a crash) sees every flushed batch
        }
    }

    /**
     * On the second thread: fills {@code full}'s metadata columns and writes it; when its strings reach
     * {@link #MAX_BATCH_STRING_BYTES} first, as the caller's thread would have ended it there, the rows left go to
     * a batch of their own (or more).
     */
    private void fillAndWrite(BatchBuilder full) throws IOException {
        BatchBuilder b = full;
        BatchBuilder rest = null;
        try {
            while (b != null) {
                if (b.fillLater(batchStringBytes) < b.rows()) {
                    rest = newBatch();
                    b.moveUnfilledTo(rest);
                    splitBatches.incrementAndGet();
                }
                try (ArrowRecordBatch rb = b.unload(batchCodec)) {
                    ipc.writeBatch(rb);
                }
                if (file != null) {
                    file.wrote(ipc.position()); // the disk's work spread over the write
                }
                if (b != full) {
                    b.close();
                }
                b = rest;
                rest = null;
            }
        } finally {
            if (rest != null) {
                rest.close();
            }
            if (b != null && b != full) {
                b.close();
            }
        }
    }

    /** Waits for the batch being written on the second thread, if any; its failure is thrown here. */
    private void awaitBatchWritten() throws IOException {
        Future<?> f = writing;
        if (f == null) {
            return;
        }
        writing = null;
        Handoff.await(f, "writing a batch failed"); // the batch is being written to our output: waited for regardless
    }

    /** Writes each dictionary's new entries: all of them the first time, as a delta afterwards. */
    private void writeDictionaries(boolean deltas) throws IOException {
        writeDictionary(ArrowLayout.NAME_DICTIONARY_ID, names, deltas);
        writeDictionary(ArrowLayout.UNIT_DICTIONARY_ID, units, deltas);
        long id = ArrowLayout.FIRST_METADATA_DICTIONARY_ID;
        for (StringDictionary d : metadataDictionaries) {
            if (d != null) {
                writeDictionary(id++, d, deltas);
            }
        }
    }

    private void writeDictionary(long id, StringDictionary d, boolean delta) throws IOException {
        if (delta && !d.pending()) {
            return;
        }
        if (live != null) {
            live.offer(d.toBatch(id, delta, live.batchAllocator(), NoCompressionCodec.INSTANCE));
        } else {
            try (ArrowDictionaryBatch db = d.toBatch(id, delta, allocator, codec)) {
                ipc.writeDictionary(db);
            }
        }
        d.markWritten();
    }

    /** Writes the last batch and completes the output; for a file, moves it into place. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (failure != null) {
            abort();
            throw new IOException("the writer failed earlier and its output was deleted: " + failure, failure);
        }
        boolean done = false;
        try {
            if (pending != null) {
                flushPending();
            }
            if (batch.rows() > 0) {
                flushBatch();
            }
            awaitBatchWritten();
            if (live != null) {
                if (batches == 0) {
                    live.offer(schema); // an empty stream still has its columns
                }
                live.end();
                done = true;
                return;
            }
            ensureStarted();
            if (form == ArrowForm.FILE) {
                writeDictionaries(false);
            }
            ipc.finish();
            if (sink != null) {
                sink.flush();
            }
            done = true;
        } finally {
            closed = true;
            release();
            if (done) {
                if (live != null) {
                    return;
                }
                if (file != null) {
                    file.commit();
                } else {
                    sink.close();
                }
            } else {
                abortOutput();
            }
        }
    }

    @Override
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        release();
        abortOutput();
    }

    private void abortOutput() throws IOException {
        if (live != null) {
            live.fail(failure != null ? failure : new IOException("the writer was aborted"));
            return;
        }
        try {
            if (sink != null) {
                sink.close();
            }
        } catch (IOException ignored) {
            // the output is being thrown away
        } finally {
            if (file != null) {
                file.abort();
            }
        }
    }

    private void release() {
        if (writing != null) {
            try {
                awaitBatchWritten(); // its builder and buffers are about to be freed
            } catch (IOException | RuntimeException | Error ignored) {
                // the output is being completed or thrown away; the failure, if any, was or is reported there
            }
        }
        if (batchWriter != null) {
            batchWriter.shutdown();
        }
        if (spare != null) {
            spare.close();
        }
        if (batch != null) {
            batch.close();
        }
        if (live != null) {
            live.writerDone();
        }
        allocator.close();
    }
}
