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
 * is two batches ahead waits for the reader. Closing the reader makes the writer's next batch fail with an
 * {@link IOException}, as writing to a closed pipe does.
 */
public final class LiveBatchReader extends ArrowReader {
    /** Messages (schema, dictionary deltas, batches) the writer may be ahead of the reader. */
    private static final int QUEUE = 8;
    private static final Object END = new Object();

    private record Failure(Throwable cause) {
    }

    private final DeferredClose owner;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private boolean ended;

    LiveBatchReader(DeferredClose owner) {
        super(owner.allocator());
        this.owner = owner;
    }

    /** The allocator of the batches the writer hands over: it outlives the writer, until the batches are released. */
    BufferAllocator batchAllocator() {
        return owner.allocator();
    }

    /** Writer side: hands over a schema, dictionary batch or record batch, waiting while the reader is behind. */
    void offer(Object message) throws IOException {
        try {
            while (!closed) {
                if (queue.offer(message, 50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        drain(); // the reader closed meanwhile: nobody will take it
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
        throw new IOException("the live reader was closed: nobody takes the batches any more");
    }

    /** Writer side: fails once the reader is closed, before the writer builds a batch nobody will take. */
    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the live reader was closed: nobody takes the batches any more");
        }
    }

    /** Writer side: no more batches. */
    void end() throws IOException {
        offer(END);
    }

    /** Writer side: the writer failed or was aborted; the reader's next load says so. */
    void fail(Throwable cause) {
        try {
            offer(new Failure(cause));
        } catch (IOException ignored) {
            // the reader is gone or the thread interrupted: nobody to tell
        }
    }

    @Override
    protected Schema readSchema() throws IOException {
        Object m = take();
        if (m instanceof Schema s) {
            return s;
        }
        discard(m);
        throw failure(m);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        while (!ended) {
            Object m = take();
            if (m instanceof ArrowDictionaryBatch d) {
                loadDictionary(d); // deltas are appended; a batch handed out before keeps its own buffers
            } else if (m instanceof ArrowRecordBatch b) {
                loadRecordBatch(b);
                return true;
            } else if (m == END) {
                ended = true;
            } else {
                discard(m);
                throw failure(m);
            }
        }
        return false;
    }

    private Object take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the live writer");
        }
    }

    private static IOException failure(Object m) {
        if (m instanceof Failure f) {
            return new IOException("the live writer failed: " + f.cause(), f.cause());
        }
        return new IOException("the live writer ended before its first batch");
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
        owner.close(); // now, or when the last batch handed to a consumer is released
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
