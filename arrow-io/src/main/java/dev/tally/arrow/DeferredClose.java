package dev.tally.arrow;

import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An allocator shared by owners (a reader, and for a live writer the writer too) that closes once every owner has
 * let go of it and its last buffer is released. Buffers handed to a consumer through the C Data Interface may
 * outlive the reader that made them (pyarrow keeps a table after its stream is released); closing the allocator
 * then would fail, and leaving it open would report a leak that is not one. A buffer that is never released keeps
 * it open, so a parent allocator still reports a real leak (an allocator without a parent has nobody to tell).
 */
final class DeferredClose implements AllocationListener {
    private BufferAllocator allocator;
    private int owners = 1;
    private boolean closed;

    private DeferredClose() {
    }

    /** A child of {@code parent}, or a root allocator of its own when {@code parent} is null; one owner. */
    static DeferredClose childOf(BufferAllocator parent, String name) {
        DeferredClose d = new DeferredClose();
        d.allocator = parent == null ? new RootAllocator(d, Long.MAX_VALUE)
                : parent.newChildAllocator(name, d, 0, Long.MAX_VALUE);
        return d;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    /** Adds an owner, who must {@link #close()} too. */
    synchronized void retain() {
        if (owners == 0) {
            throw new IllegalStateException("allocator already let go of");
        }
        owners++;
    }

    /** One owner lets go: the allocator closes when none is left and nothing is allocated, now or at the last release. */
    synchronized void close() {
        if (owners > 0) {
            owners--;
        }
        tryClose();
    }

    /** Closes the allocator now, failing if buffers are still allocated (for errors while opening). */
    synchronized void closeNow() {
        owners = 0;
        if (!closed) {
            closed = true;
            allocator.close();
        }
    }

    @Override
    public void onRelease(long size) {
        synchronized (this) {
            tryClose();
        }
    }

    private void tryClose() {
        // No owner can allocate any more once owners is 0, so nothing is allocated between the check and the close.
        if (owners == 0 && !closed && allocator.getAllocatedMemory() == 0) {
            closed = true;
            allocator.close();
        }
    }
}
