package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import dev.tally.parquet.ParquetEventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file to read: its format (from its content unless named) and readers over it. */
record Input(Path file, Format format) {
    /** The input {@code file}, in the format named by {@code from} or recognised from its first bytes. */
    static Input of(Path file, String from) throws IOException {
        if (!Files.exists(file)) {
            throw new CliException("no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a folder, not a trace file");
        }
        return new Input(file, Format.resolveInput(from, file));
    }

    /** Every event. */
    EventReader open() throws IOException {
        return format.openReader(file);
    }

    /**
     * The events {@code filter} keeps: Parquet skips row groups and pages by their statistics; the other formats
     * are read through and filtered event by event.
     */
    EventReader open(EventFilter filter) throws IOException {
        if (filter.isAll()) {
            return open();
        }
        if (format == Format.PARQUET) {
            return ParquetEventReader.open(file, filter);
        }
        return new Filtered(open(), filter);
    }

    /** Keeps the events a filter matches. */
    private record Filtered(EventReader in, EventFilter filter) implements EventReader {
        @Override
        public StreamHeader header() {
            return in.header();
        }

        @Override
        public CounterEvent next() throws IOException {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                if (filter.matches(e)) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
