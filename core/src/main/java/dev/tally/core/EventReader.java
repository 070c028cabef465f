package dev.tally.core;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads a stream one event at a time, in constant memory, from any format. The header is known before the
 * first event. Errors in the input are {@link FormatException}s that say where; the events returned before
 * an error are valid.
 *
 * <p>Not thread-safe: use one reader per thread.
 */
public interface EventReader extends Closeable {

    /** The stream's version and metadata. */
    StreamHeader header();

    /**
     * The next event, or null after the last one.
     *
     * @throws FormatException if the input is malformed at this point
     */
    CounterEvent next() throws IOException;

    /**
     * Writes every remaining event to {@code writer} and returns how many there were. The writer is not closed.
     */
    default long transferTo(EventWriter writer) throws IOException {
        long n = 0;
        for (CounterEvent e = next(); e != null; e = next()) {
            writer.write(e);
            n++;
        }
        return n;
    }

    /** Reads every remaining event into a stream held in memory, with this reader's header. */
    default CounterEventStream readAll() throws IOException {
        CounterEventStream s = new CounterEventStream(header(), java.util.List.of());
        for (CounterEvent e = next(); e != null; e = next()) {
            s.addEvent(e);
        }
        return s;
    }
}
