package dev.tally.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.tally.core.AtomicFileOutput;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventWriter;
import dev.tally.core.StreamHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes a hespas JSON document one event at a time, in constant memory. The document is what hespas's
 * reader accepts and what its writer would produce (fields in the order version, metadata, events; NaN and the
 * infinities as bare tokens; non-ASCII characters escaped), compact, with one event per line so that line
 * numbers in error messages point at events.
 *
 * <p>Not thread-safe.
 */
public final class HespasJsonWriter implements EventWriter {
    private final JsonGenerator gen;
    private final OutputStream out;
    private final AtomicFileOutput file;
    private long count;
    private boolean finished;

    private HespasJsonWriter(OutputStream out, AtomicFileOutput file, StreamHeader header) throws IOException {
        this.out = out;
        this.file = file;
        java.util.Objects.requireNonNull(header, "header");
        this.gen = JsonSupport.FACTORY.createGenerator(out);
        gen.setPrettyPrinter(new EventPerLine());
        gen.writeStartObject();
        gen.writeStringField("version", header.version());
        gen.writeFieldName("metadata");
        JsonSupport.writeMembers(gen, header.metadata());
        gen.writeFieldName("events");
        gen.writeStartArray();
    }

    /**
     * Writes a file, replacing any file there once {@link #close()} completes it; until then the file is written
     * under a temporary name beside it.
     */
    public static HespasJsonWriter open(Path path, StreamHeader header) throws IOException {
        return open(path, header, true);
    }

    /**
     * Writes a file; see {@link #open(Path, StreamHeader)}.
     *
     * @param replaceExisting false to refuse (with {@link java.nio.file.FileAlreadyExistsException}) when the file
     *     exists
     */
    public static HespasJsonWriter open(Path path, StreamHeader header, boolean replaceExisting) throws IOException {
        AtomicFileOutput file = AtomicFileOutput.create(path, replaceExisting);
        try {
            return new HespasJsonWriter(file.stream(), file, header);
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw e;
        }
    }

    /** Writes to a stream, which {@link #close()} and {@link #abort()} close. */
    public static HespasJsonWriter open(OutputStream out, StreamHeader header) throws IOException {
        return new HespasJsonWriter(out, null, header);
    }

    @Override
    public void write(CounterEvent event) throws IOException {
        if (finished) {
            throw new IllegalStateException("writer is closed");
        }
        JsonSupport.writeEvent(gen, event);
        count++;
    }

    @Override
    public long eventCount() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        boolean done = false;
        try {
            gen.writeEndArray();
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.close();
            out.close();
            if (file != null) {
                file.commit();
            }
            done = true;
        } finally {
            if (!done && file != null) {
                file.abort();
            }
        }
    }

    @Override
    public void abort() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
        } finally {
            if (file != null) {
                file.abort();
            }
        }
    }

    /** Compact JSON with a line break before each event and before the end of the events list. */
    private static final class EventPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (isEventsList(g)) {
                g.writeRaw('\n');
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(isEventsList(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues > 0 && isEventsList(g)) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
        }

        /** The events list is the only array directly inside the root object. */
        private static boolean isEventsList(JsonGenerator g) {
            var ctx = g.getOutputContext();
            return ctx.inArray() && ctx.getParent() != null && ctx.getParent().getParent() != null
                    && ctx.getParent().getParent().inRoot();
        }
    }
}
