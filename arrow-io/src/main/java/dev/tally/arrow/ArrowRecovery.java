package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import dev.tally.core.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Recovers what a writer that died left behind: an Arrow IPC stream cut anywhere (the temporary file of a killed
 * stream writer), or a file with a damaged record batch. Every complete record batch before the damage is kept;
 * the cut batch, whose rows were never flushed whole, is not.
 *
 * <p>The stream form sends each dictionary entry before the first batch that uses it, so every flushed batch of a
 * killed stream writer is recovered. The file form writes its dictionaries once, after its last batch, and finds
 * everything through its footer (FORMAT.md): one without its footer cannot be recovered. Runs that may be killed
 * should write the stream form.
 */
public final class ArrowRecovery {
    private ArrowRecovery() {
    }

    /**
     * What a recovery kept, and what stopped it ({@code problem} null when the input was whole).
     *
     * @param events the events copied
     * @param problem why reading stopped before a proper end, with its location, or null
     */
    public record Result(long events, String problem) {
    }

    /**
     * A reader of whatever can be read of {@code damaged}; its {@link EventReader#next()} throws a
     * {@link FormatException} where the damage starts.
     *
     * @throws FormatException if not even the schema can be read, or for a file form without its footer
     */
    public static EventReader openReadable(Path damaged) throws IOException {
        try {
            return ArrowEventReader.open(damaged);
        } catch (FormatException e) {
            if (startsWithMagic(damaged) && !endsWithMagic(damaged)) {
                throw new FormatException(e.location(), e.reason() + "; an Arrow file form without its footer cannot be"
                        + " recovered (its dictionaries come after its last batch, and its batches are found through"
                        + " the footer); runs that may be killed should write the stream form, whose every flushed"
                        + " batch a recovery keeps", e);
            }
            throw e;
        }
    }

    /**
     * Copies every event that can be read from {@code damaged} into {@code writer}, which is closed (completed)
     * whatever stopped the reading, unless nothing could be read at all.
     *
     * @return how many events were copied and, if the input was damaged, where and how
     * @throws FormatException if the damage is before the first event: the writer is then abandoned
     */
    public static Result copyReadable(EventReader damaged, EventWriter writer) throws IOException {
        long n = 0;
        String problem = null;
        boolean done = false;
        try {
            while (true) {
                CounterEvent e;
                try {
                    e = damaged.next();
                } catch (FormatException bad) {
                    if (n == 0) {
                        throw new FormatException(bad.location(), "nothing can be recovered: " + bad.reason(), bad);
                    }
                    problem = bad.getMessage();
                    break;
                }
                if (e == null) {
                    break;
                }
                writer.write(e);
                n++;
            }
            writer.close();
            done = true;
        } finally {
            if (!done) {
                writer.abort();
            }
        }
        return new Result(n, problem);
    }

    /**
     * Recovers {@code damaged} into a new, complete file {@code output}, written by {@code writer} (form, codec,
     * batch size) with the damaged file's header.
     */
    public static Result recover(Path damaged, Path output, ArrowEventWriter.Builder writer) throws IOException {
        try (EventReader in = openReadable(damaged)) {
            return copyReadable(in, writer.open(output, in.header()));
        }
    }

    private static boolean endsWithMagic(Path file) throws IOException {
        byte[] tail = new byte[IpcWriter.MAGIC.length];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            return size >= 2L * tail.length && ch.read(java.nio.ByteBuffer.wrap(tail), size - tail.length) == tail.length
                    && Arrays.equals(tail, IpcWriter.MAGIC);
        }
    }

    private static boolean startsWithMagic(Path file) throws IOException {
        byte[] head = new byte[IpcWriter.MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, IpcWriter.MAGIC);
        }
    }
}
