package dev.tally.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.tally.core.CounterEvent;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Events as JSON lines: one event per line, each the object that a hespas stream holds in its {@code events}
 * array ({@code event_name}, {@code timestamp}, {@code timeunit}, {@code metadata}), for tools such as
 * {@code jq}. Closing it flushes, and closes the stream only if asked to.
 *
 * <p>Not thread-safe.
 */
public final class JsonLinesWriter implements Closeable, Flushable {
    private final JsonGenerator gen;
    private final Closeable target;
    private final Flushable flushTarget;
    private final boolean closeTarget;
    private long count;

    private JsonLinesWriter(JsonGenerator gen, Closeable target, Flushable flushTarget, boolean closeTarget) {
        this.gen = gen;
        this.target = target;
        this.flushTarget = flushTarget;
        this.closeTarget = closeTarget;
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.setPrettyPrinter(new MinimalPrettyPrinter("\n")); // the separator between root values
    }

    /** A writer of UTF-8 to {@code out}, which {@link #close()} leaves open when {@code closeStream} is false. */
    public static JsonLinesWriter open(OutputStream out, boolean closeStream) throws IOException {
        return new JsonLinesWriter(JsonSupport.FACTORY.createGenerator(out), out, out, closeStream);
    }

    /** A writer to {@code out}, which {@link #close()} leaves open when {@code closeWriter} is false. */
    public static JsonLinesWriter open(Writer out, boolean closeWriter) throws IOException {
        return new JsonLinesWriter(JsonSupport.FACTORY.createGenerator(out), out, out, closeWriter);
    }

    /** Writes one event as one line. */
    public void write(CounterEvent event) throws IOException {
        JsonSupport.writeEvent(gen, event);
        count++;
    }

    /** The events written so far. */
    public long eventCount() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
    }

    @Override
    public void close() throws IOException {
        if (gen.isClosed()) {
            return;
        }
        try {
            if (count > 0) {
                gen.writeRaw('\n');
            }
            gen.close();
        } finally {
            if (closeTarget) {
                target.close();
            } else {
                flushTarget.flush();
            }
        }
    }
}
