package dev.tally.cli;

import dev.tally.arrow.ArrowEventReader;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.parquet.ParquetEventReader;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to read: its format (from its content unless named) and readers over it. A pipe, a FIFO, a device or
 * {@code -} (standard input) is read once, as it arrives: its first bytes are recognised from the same stream the
 * reader then reads, since a second open would wait for a writer that never comes. Only hespas JSON and the Arrow
 * stream form can be read that way; Parquet and the Arrow file form end with their index and need a seekable file.
 *
 * @param pipe the stream of a sequential input, null for a regular file
 */
record Input(Path file, Format format, Pipe pipe) {
    /** How {@code -} names standard input. */
    static final String STDIN = "-";

    /** The input {@code file}, in the format named by {@code from} or recognised from its first bytes. */
    static Input of(Path file, String from) throws IOException {
        boolean stdin = file.toString().equals(STDIN);
        if (!stdin && !Files.exists(file)) {
            throw new CliException("no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a folder, not a trace file");
        }
        if (!stdin && Files.isRegularFile(file)) {
            return new Input(file, Format.resolveInput(from, file), null);
        }
        // FileInputStream, not Files.newInputStream: the channel's stream seeks in available(), which a pipe
        // refuses ("Illegal seek").
        BufferedInputStream in = new BufferedInputStream(stdin ? System.in : new FileInputStream(file.toFile()),
                1 << 16);
        try {
            in.mark(Format.HEAD);
            byte[] head = new byte[Format.HEAD];
            int n = in.readNBytes(head, 0, head.length);
            in.reset();
            Format format = from != null ? Format.resolveInput(from, file) : Format.recognise(head, n, file);
            if (format == Format.PARQUET || format == Format.ARROW) {
                throw new CliException(describe(file, stdin) + " is not a seekable file: " + format.id()
                        + " ends with its index and can only be read from a file; save it to one first, or send"
                        + " hespas JSON or the Arrow stream form (arrow-stream) through the pipe");
            }
            return new Input(file, format, new Pipe(file, in));
        } catch (IOException | RuntimeException e) {
            if (!stdin) {
                in.close();
            }
            throw e;
        }
    }

    private static String describe(Path file, boolean stdin) {
        return stdin ? "standard input (-)" : file.toString();
    }

    /** Whether the input is a regular file, which can be read more than once and sized. */
    boolean seekable() {
        return pipe == null;
    }

    /** The input's size in bytes, or -1 for a pipe. */
    long size() throws IOException {
        return pipe == null ? Files.size(file) : -1;
    }

    /** Refuses a sequential input for a command that needs a file. */
    Input requireFile(String command) {
        if (pipe != null) {
            throw new CliException(file + " is not a seekable file: " + command + " needs one; save it to a file first");
        }
        return this;
    }

    /** Every event. */
    EventReader open() throws IOException {
        return switch (format) {
            case JSON -> openJson();
            case ARROW, ARROW_STREAM -> openArrow();
            case PARQUET -> ParquetEventReader.open(file);
        };
    }

    /** The hespas JSON reader, for commands that need more than events. */
    HespasJsonReader openJson() throws IOException {
        return pipe == null ? HespasJsonReader.open(file) : HespasJsonReader.open(pipe.take(), file.toString());
    }

    /** The Arrow reader, for commands that need batches or the schema. */
    ArrowEventReader openArrow() throws IOException {
        return pipe == null ? ArrowEventReader.open(file) : ArrowEventReader.open(pipe.take(), file.toString());
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

    /** The one stream of a sequential input: it can be read once. */
    static final class Pipe {
        private final Path file;
        private InputStream in;

        Pipe(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        InputStream take() {
            if (in == null) {
                throw new CliException(file + " is a pipe and has been read already; save it to a file first");
            }
            InputStream s = in;
            in = null;
            // Standard input belongs to the process: a reader's close must not close it.
            return file.toString().equals(STDIN) ? new FilterInputStream(s) {
                @Override
                public void close() {
                }
            } : s;
        }
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
