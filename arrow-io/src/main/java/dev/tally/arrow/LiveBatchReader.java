package dev.tally.arrow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches of a live writer ({@link ArrowEventWriter.Builder#openLive}) as they are written: an
 * {@link ArrowReader} whose {@link #loadNextBatch()} waits for the writer's next batch and returns false once the
 * writer is closed. Give it to {@link ArrowExport#exportStream} and a native consumer reads the batches while they
 * are produced, without a copy: each batch is handed over with its buffers, not written anywhere.
 *
 * <p>Thread-safe between one writer thread and one reader thread, which must be different threads: a writer that
 * is {@value #QUEUE} messages (batches and dictionary deltas) ahead waits for the reader. Closing the reader makes
 * the writer's next batch fail with an {@link IOException}, as writing to a closed pipe does; a writer that fails,
 * is aborted or is interrupted makes every later load fail, never wait forever.
 */
public final class LiveBatchReader extends ArrowReader {
    /** Messages (schema, dictionary deltas, batches) the writer may be ahead of the reader. */
    private static final int QUEUE = 8;
    private static final long POLL_MILLIS = 50;

    private final DeferredClose owner;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Set by the reader's close; the writer stops handing over. */
    private volatile boolean closed;
    /** Set by the writer after its last message: the state, not a message, so no queue space or interrupt can lose it. */
    private volatile boolean writerEnded;
    private volatile Throwable writerFailure;
    private boolean ended;

    /** A reader for a writer, which holds a share of the allocator until it lets go with {@link #writerDone()}. */
    LiveBatchReader(DeferredClose owner) {
        super(owner.allocator());
        this.owner = owner;
        owner.retain(); // the writer's share: it allocates batches here until it is done
    }

    /** The allocator of the batches the writer hands over: it outlives the writer, until the batches are released. */
    BufferAllocator batchAllocator() {
        return owner.allocator();
    }

    /** Writer side: fails once the reader is closed, before the writer builds a batch nobody will take. */
    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the live reader was closed: nobody takes the batches any more");
        }
    }

    /** Writer side: hands over a schema, dictionary batch or record batch, waiting while the reader is behind. */
    void offer(Object message) throws IOException {
        try {
            while (!closed) {
                if (queue.offer(message, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        drain(); // the reader closed meanwhile: nobody will take it
                        break;
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(message);
            throw new InterruptedIOException("interrupted while waiting for the live reader");
        }
        discard(message);
        ensureOpen();
    }

    /** Writer side: no more batches. */
    void end() {
        writerEnded = true;
    }

    /** Writer side: the writer failed or was aborted; every later load says so. */
    void fail(Throwable cause) {
        writerFailure = cause;
    }

    /** Writer side: the writer allocates nothing more; the allocator may close once the reader lets go too. */
    void writerDone() {
        owner.close();
    }

    @Override
    protected Schema readSchema() throws IOException {
        Object m = next();
        if (m instanceof Schema s) {
            return s;
        }
        discard(m);
        throw new IOException("the live writer ended before its first batch");
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        while (!ended) {
            Object m = next();
            if (m instanceof ArrowDictionaryBatch d) {
                loadDictionary(d); // deltas are appended; a batch handed out before keeps its own buffers
            } else if (m instanceof ArrowRecordBatch b) {
                loadRecordBatch(b);
                return true;
            } else if (m == null) {
                ended = true;
            } else {
                discard(m);
                throw new IOException("the live writer sent " + m.getClass().getSimpleName() + " out of place");
            }
        }
        return false;
    }

    /** The next message; null at the end; the writer's failure, as often as asked. */
    private Object next() throws IOException {
        try {
            while (true) {
                Throwable failure = writerFailure;
                if (failure != null) {
                    throw new IOException("the live writer failed: " + failure, failure);
                }
                Object m = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (m != null) {
                    return m;
                }
                // Everything handed over before the end is in the queue already (the end is set after it).
                if (writerEnded && queue.isEmpty()) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the live writer");
        }
    }

    /** Unknown: nothing is read from bytes. */
    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        closed = true;
        drain();
        owner.close(); // the reader's share; the allocator closes when the writer's is gone and batches are released
    }

    private void drain() {
        for (Object m = queue.poll(); m != null; m = queue.poll()) {
            discard(m);
        }
    }

    private static void discard(Object m) {
        if (m instanceof ArrowRecordBatch b) {
            b.close();
        } else if (m instanceof ArrowDictionaryBatch d) {
            d.close();
        }
    }
}
