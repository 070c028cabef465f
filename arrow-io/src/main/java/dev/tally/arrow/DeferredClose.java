package dev.tally.arrow;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An allocator that, once asked to close, closes when its last buffer is released. Buffers handed to a consumer
 * through the C Data Interface may outlive the reader that made them (pyarrow keeps a table after its stream is
 * released); closing the allocator then would fail, and leaving it open would report a leak that is not one.
 * A buffer that is never released still keeps it open, so a real leak is still reported by the parent.
 */
final class DeferredClose implements AllocationListener {
    private BufferAllocator allocator;
    private volatile boolean closeRequested;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DeferredClose() {
    }

    /** A child of {@code parent}, or a root allocator of its own when {@code parent} is null. */
    static DeferredClose childOf(BufferAllocator parent, String name) {
        DeferredClose d = new DeferredClose();
        d.allocator = parent == null ? new RootAllocator(d, Long.MAX_VALUE)
                : parent.newChildAllocator(name, d, 0, Long.MAX_VALUE);
        return d;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    /** Closes the allocator now if nothing is allocated, else when the last buffer is released. */
    void close() {
        closeRequested = true;
        tryClose();
    }

    /** Closes the allocator now, failing if buffers are still allocated (for errors while opening). */
    void closeNow() {
        if (closed.compareAndSet(false, true)) {
            allocator.close();
        }
    }

    @Override
    public void onRelease(long size) {
        if (closeRequested) {
            tryClose();
        }
    }

    private void tryClose() {
        if (allocator.getAllocatedMemory() == 0 && closed.compareAndSet(false, true)) {
            allocator.close();
        }
    }
}
