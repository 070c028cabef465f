package dev.tally.parquet;

import dev.tally.core.Handoff;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a writer's full pages are encoded and compressed and its row groups written: on a second thread, in the
 * order they were handed over, while the caller stages the next rows; or at once on the caller's thread
 * ({@link #inline()}), where there is one processor.
 *
 * <p>The tasks own what they were handed (a page's arrays, a row group's pages and the file writer); the caller
 * touches none of it again until {@link #drain()} returns. The first failure is kept: every later
 * {@link #submit} and {@link #drain} throws it, so the writer's only way on is to abort.
 */
final class PageWorker {
    /** Whether writers encode pages on a second thread by default: only when there is a second processor. */
    static final boolean CONCURRENT = Runtime.getRuntime().availableProcessors() > 1;

    /** Work handed to the worker. */
    interface Task {
        void run() throws IOException;
    }

    private final ExecutorService executor;
    /** Tasks handed over before the caller waits for the oldest: bounds the pages held in memory. */
    private final int limit;
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    private Throwable failure;

    private PageWorker(ExecutorService executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /** A worker that runs each task on the caller's thread as it is submitted. */
    static PageWorker inline() {
        return new PageWorker(null, 0);
    }

    /** A worker with a thread of its own, holding at most {@code limit} tasks not yet done. */
    static PageWorker concurrent(int limit) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tally-parquet-pages");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true); // a writer never closed leaves no thread behind
        return new PageWorker(executor, Math.max(1, limit));
    }

    /** Runs {@code task} after those submitted before it; throws the failure of this or an earlier task. */
    void submit(Task task) throws IOException {
        checkNotFailed();
        if (executor == null) {
            try {
                task.run();
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            }
            return;
        }
        // Collect what is done, and wait while too much is outstanding.
        while (!inFlight.isEmpty() && (inFlight.size() >= limit || inFlight.peekFirst().isDone())) {
            await(inFlight.pollFirst());
        }
        inFlight.addLast(executor.submit(() -> {
            task.run();
            return null;
        }));
    }

    /** Waits for every task submitted; throws the first failure. */
    void drain() throws IOException {
        checkNotFailed();
        while (!inFlight.isEmpty()) {
            await(inFlight.pollFirst());
        }
    }

    /** The failure that stopped the worker, or null. */
    Throwable failure() {
        return failure;
    }

    /** Ends the thread: tasks not started are dropped and a running one is waited for, briefly. Idempotent. */
    void shutdown() {
        if (executor == null) {
            return;
        }
        inFlight.clear();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkNotFailed() throws IOException {
        if (failure != null) {
            throw new IOException("encoding or writing pages failed earlier: " + failure, failure);
        }
    }

    private void await(Future<?> f) throws IOException {
        try {
            Handoff.await(f, "encoding pages failed"); // the task writes to our output: waited for regardless
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }
}
