package dev.tally.parquet;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * A column's page arrays handed back by the {@link PageWorker} once their page is encoded, for the caller's next
 * page: the arrays of a page in flight are the worker's, so the caller stages into others, without allocating
 * (and zeroing) new ones per page.
 */
final class Spares<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final Supplier<T> fresh;

    Spares(Supplier<T> fresh) {
        this.fresh = fresh;
    }

    /** A spare, or a new one when none is back yet. */
    T take() {
        T t = queue.poll();
        return t != null ? t : fresh.get();
    }

    /** Hands {@code t} back once nothing reads it any more. */
    void give(T t) {
        queue.offer(t);
    }
}
