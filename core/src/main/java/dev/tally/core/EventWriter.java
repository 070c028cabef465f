package dev.tally.core;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes a stream one event at a time, in constant memory, to any format; the header was given when the writer
 * was opened. {@link #close()} completes the output: a writer to a file writes under a temporary name and moves
 * the finished file into place, so a reader never finds a half-written file under the final name.
 *
 * <p>Not thread-safe: use one writer per thread.
 */
public interface EventWriter extends Closeable {

    /** Appends one event. */
    void write(CounterEvent event) throws IOException;

    /**
     * Writes every remaining event of {@code in} and completes the output; if anything fails, abandons it instead
     * ({@link #abort()}), so no partial output is left. {@code in} is not closed.
     *
     * @return the number of events written
     */
    default long writeAllAndClose(EventReader in) throws IOException {
        boolean done = false;
        try {
            long n = in.transferTo(this);
            close();
            done = true;
            return n;
        } finally {
            if (!done) {
                abort();
            }
        }
    }

    /** How many events were written so far. */
    long eventCount();

    /**
     * Completes the output and, for a file, moves it into place. Calling it again does nothing.
     */
    @Override
    void close() throws IOException;

    /**
     * Abandons the output: a file being written is deleted and whatever was at the destination before stays as
     * it was; a stream given by the caller is closed as it is. Does nothing after {@link #close()}.
     */
    void abort() throws IOException;
}
