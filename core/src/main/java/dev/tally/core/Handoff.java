package dev.tally.core;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for work a writer handed to a thread of its own (writing batches, encoding pages, forcing a file to
 * disk): that work writes to the writer's output, so it is waited for to its end even when the waiting thread is
 * interrupted, and its failure is thrown to the writer's caller as what it was.
 */
public final class Handoff {
    private Handoff() {
    }

    /**
     * A failure on another thread, to throw as what it was: an IOException is returned, a RuntimeException or an
     * Error thrown here, anything else returned in an IOException that names {@code what}.
     */
    public static IOException asIOException(Throwable failure, String what) {
        if (failure instanceof IOException e) {
            return e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IOException(what + ": " + failure, failure);
    }

    /**
     * Waits for {@code task} to end; an interrupt meanwhile is kept for the caller. Its failure is thrown here: an
     * IOException, RuntimeException or Error as it was, anything else in an IOException that names {@code what}.
     */
    public static void await(Future<?> task, String what) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw asIOException(e.getCause(), what);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
