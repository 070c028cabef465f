package dev.tally.parquet;

import java.io.IOException;

/** Failures handed from one thread to another: the page decoding and encoding threads to their callers. */
final class Failures {
    private Failures() {
    }

    /**
     * {@code t} to throw as what it was: an IOException is returned, a RuntimeException or an Error thrown here,
     * anything else returned wrapped in an IOException that names {@code context}.
     */
    static IOException asIOException(Throwable t, String context) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(context + ": " + t, t);
    }
}
