package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.MetadataPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Record batches in the Arrow layout of FORMAT.md, built from the events of any {@link EventReader} (hespas JSON,
 * Parquet, ...): an {@link ArrowReader}, so the batches go wherever Arrow Java takes one, the C Data Interface
 * included. {@link #getVectorSchemaRoot()} holds the current batch, {@link #getDictionaryVectors()} every name,
 * unit and dictionary-encoded metadata value seen so far.
 *
 * <p>Each batch gets buffers of its own: a consumer may keep an exported batch while reading the next, and after
 * this reader is closed (its child allocator closes when the last batch is released). Memory is bounded by one
 * batch (and the dictionaries). Closing this closes the event reader.
 *
 * <p>Not thread-safe: one thread reads it.
 */
public final class EventBatchReader extends ArrowReader {
    private final EventReader events;
    private final int batchRows;
    private final StringDictionary names = new StringDictionary(Integer.MAX_VALUE, ArrowEventWriter.NAME_BYTES_LIMIT);
    private final StringDictionary units = new StringDictionary(Integer.MAX_VALUE, ArrowEventWriter.NAME_BYTES_LIMIT);
    private MetadataPlan plan;
    private StringDictionary[] metadataDictionaries;
    private Schema schema;
    /** Events read to choose the metadata columns, not yet in a batch. */
    private List<CounterEvent> held = List.of();
    private int heldNext;
    private long eventIndex;
    private boolean exhausted;

    private final DeferredClose owner;

    private EventBatchReader(EventReader events, DeferredClose owner, MetadataPlan plan, int batchRows) {
        super(owner.allocator());
        this.owner = owner;
        this.events = events;
        this.plan = plan;
        this.batchRows = batchRows;
    }

    private static EventBatchReader create(EventReader events, BufferAllocator allocator, MetadataPlan plan,
                                           int batchRows) {
        ArrowRuntime.check();
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(allocator, "allocator");
        dev.tally.core.Limits.batchRows("batch rows", batchRows); // a batch is allocated whole
        // A child allocator that closes when the batches handed out (through the C Data Interface, say) are released.
        return new EventBatchReader(events, DeferredClose.childOf(allocator, "event-batches"), plan, batchRows);
    }

    /**
     * Batches of {@link ArrowEventWriter#DEFAULT_BATCH_ROWS} rows, with the typed metadata columns chosen from the
     * first batch's events, as a writer chooses them.
     */
    public static EventBatchReader of(EventReader events, BufferAllocator allocator) {
        return create(events, allocator, null, ArrowEventWriter.DEFAULT_BATCH_ROWS);
    }

    /**
     * Batches of {@code batchRows} rows with the given typed metadata columns (for example those of the file being
     * read); a null plan chooses them from the first batch.
     */
    public static EventBatchReader of(EventReader events, BufferAllocator allocator, MetadataPlan plan, int batchRows) {
        return create(events, allocator, plan, batchRows);
    }

    /** The stream's version and metadata, also in the schema's key-value metadata. */
    public StreamHeader header() {
        return events.header();
    }

    /** The typed metadata columns of the batches. */
    public MetadataPlan metadataPlan() throws IOException {
        getVectorSchemaRoot(); // chooses the plan if it was not given
        return plan;
    }

    /** Events put into batches so far. */
    public long eventCount() {
        return eventIndex - (held.size() - heldNext);
    }

    @Override
    protected Schema readSchema() throws IOException {
        if (plan == null) {
            List<CounterEvent> first = new ArrayList<>();
            while (first.size() < batchRows) {
                CounterEvent e = nextEvent();
                if (e == null) {
                    break;
                }
                first.add(e);
            }
            plan = MetadataPlan.choose(first);
            held = first;
        }
        metadataDictionaries = ArrowEventWriter.metadataDictionaries(plan);
        schema = ArrowLayout.schema(events.header(), plan);
        return schema;
    }

    private CounterEvent nextEvent() throws IOException {
        if (exhausted) {
            return null;
        }
        CounterEvent e = events.next();
        if (e == null) {
            exhausted = true;
        } else {
            eventIndex++;
        }
        return e;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        // A new builder, so the batch handed out before keeps its buffers (an exported batch may outlive this call).
        try (BatchBuilder batch = new BatchBuilder(allocator, schema, plan, metadataDictionaries, batchRows)) {
            while (!batch.isFull() && batch.variableBytes() < ArrowEventWriter.MAX_BATCH_STRING_BYTES) {
                CounterEvent e = heldNext < held.size() ? held.get(heldNext++) : nextEvent();
                if (e == null) {
                    break;
                }
                long index = eventCount() - 1;
                try {
                    batch.event(ArrowEventWriter.intern(names, e.eventName(), "event name"), e,
                            ArrowEventWriter.intern(units, e.timeUnit(), "time unit"));
                } catch (IllegalArgumentException x) {
                    throw new FormatException(FormatException.Location.UNKNOWN.atEvent(index),
                            "the event cannot be held in Arrow: " + x.getMessage(), x);
                }
            }
            if (heldNext == held.size()) {
                held = List.of(); // the first batch's events are no longer needed
                heldNext = 0;
            }
            if (batch.rows() == 0) {
                return false;
            }
            loadDictionaries();
            loadRecordBatch(batch.unload(NoCompressionCodec.INSTANCE));
            return true;
        }
    }

    /** Brings the dictionary vectors up to date with the values the new batch may use. */
    private void loadDictionaries() {
        loadDictionary(ArrowLayout.NAME_DICTIONARY_ID, names);
        loadDictionary(ArrowLayout.UNIT_DICTIONARY_ID, units);
        long id = ArrowLayout.FIRST_METADATA_DICTIONARY_ID;
        for (StringDictionary d : metadataDictionaries) {
            if (d != null) {
                loadDictionary(id++, d);
            }
        }
    }

    private void loadDictionary(long id, StringDictionary d) {
        if (!d.pending()) {
            return;
        }
        // A delta is appended after the values a batch handed out before refers to, which stay as they were.
        try (ArrowDictionaryBatch db = d.toBatch(id, d.written() > 0, allocator, NoCompressionCodec.INSTANCE)) {
            loadDictionary(db);
        }
        d.markWritten();
    }

    /** Unknown: events are read, not bytes. */
    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        try {
            events.close();
        } finally {
            owner.close();
        }
    }
}
