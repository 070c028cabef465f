package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandoffTest {
    @Test
    void failuresReachTheWaiterAsWhatTheyWere() {
        IOException io = new IOException("disk full");
        assertSame(io, assertThrows(IOException.class, () -> Handoff.await(CompletableFuture.failedFuture(io), "x")));
        IllegalStateException state = new IllegalStateException("bad");
        assertSame(state, assertThrows(IllegalStateException.class,
                () -> Handoff.await(CompletableFuture.failedFuture(state), "x")));
        OutOfMemoryError oom = new OutOfMemoryError("heap");
        assertSame(oom, assertThrows(OutOfMemoryError.class,
                () -> Handoff.await(CompletableFuture.failedFuture(oom), "x")));
        Exception other = new Exception("checked");
        IOException wrapped = assertThrows(IOException.class,
                () -> Handoff.await(CompletableFuture.failedFuture(other), "writing a batch failed"));
        assertSame(other, wrapped.getCause());
        assertEquals("writing a batch failed: java.lang.Exception: checked", wrapped.getMessage());
    }

    @Test
    void anInterruptedWaiterStillWaitsForTheTaskAndKeepsTheInterrupt() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            long[] done = new long[1];
            Future<?> task = executor.submit(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                done[0] = 1;
            });
            Thread.currentThread().interrupt();
            Handoff.await(task, "x");
            assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
            assertTrue(task.isDone());
            assertEquals(1, done[0]);
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
