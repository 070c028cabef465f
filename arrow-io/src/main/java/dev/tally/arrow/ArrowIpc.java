package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.json.HespasJsonReader;
import java.io.IOException;
import java.nio.file.Path;

/** Whole-stream conveniences over {@link ArrowEventWriter} and {@link ArrowEventReader}. */
public final class ArrowIpc {
    private ArrowIpc() {
    }

    /** Writes {@code stream} to {@code file} in the file form with the default options. */
    public static void write(CounterEventStream stream, Path file) throws IOException {
        write(stream, file, ArrowEventWriter.builder());
    }

    /** Writes {@code stream} to {@code file} with the options of {@code options}. */
    public static void write(CounterEventStream stream, Path file, ArrowEventWriter.Builder options) throws IOException {
        try (ArrowEventWriter w = options.open(file, stream.header())) {
            boolean done = false;
            try {
                for (CounterEvent e : stream.events()) {
                    w.write(e);
                }
                done = true;
            } finally {
                if (!done) {
                    w.abort();
                }
            }
        }
    }

    /** Reads a whole file, of either form, into memory. */
    public static CounterEventStream read(Path file) throws IOException {
        try (ArrowEventReader r = ArrowEventReader.open(file)) {
            return r.readAll();
        }
    }

    /**
     * Converts a hespas JSON file to Arrow IPC one event at a time, never holding the stream: memory is one
     * record batch whatever the file's size.
     *
     * @return the number of events converted
     */
    public static long convertJson(Path json, Path arrow, ArrowEventWriter.Builder options) throws IOException {
        try (EventReader in = HespasJsonReader.open(json)) {
            return options.open(arrow, in.header()).writeAllAndClose(in);
        }
    }
}
