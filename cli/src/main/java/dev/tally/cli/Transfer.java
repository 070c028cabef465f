package dev.tally.cli;

import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** Copies a stream of events into a new file, leaving nothing under the output's name when it fails. */
final class Transfer {
    private Transfer() {
    }

    /** Opens the events to copy. */
    interface Source {
        EventReader open() throws IOException;
    }

    /**
     * Copies every event from {@code source} into {@code out} in {@code format}. An existing {@code out} is kept
     * unless {@code force}; on any failure the partial output is deleted.
     *
     * @return the number of events copied
     */
    static long copy(Source source, Path out, Format format, boolean force, WriteOptions options) throws IOException {
        return copy(source, out, format, force, options, Progress.none());
    }

    /** {@link #copy(Source, Path, Format, boolean, WriteOptions)}, showing {@code progress} as events are read. */
    static long copy(Source source, Path out, Format format, boolean force, WriteOptions options, Progress progress)
            throws IOException {
        refuseExisting(out, force);
        try (Progress p = progress; EventReader in = p.track(source.open())) {
            EventWriter w;
            try {
                w = format.openWriter(out, in.header(), force, options);
            } catch (FileAlreadyExistsException e) {
                throw existing(out);
            }
            return w.writeAllAndClose(in);
        }
    }

    /** Writes a file's bytes. */
    interface Content<T> {
        T writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Writes {@code out} through a temporary file moved into place when {@code content} has written everything:
     * a failure leaves nothing under the name (and an existing file as it was).
     *
     * @return what {@code content} returned
     */
    static <T> T writeFile(Path out, boolean force, Content<T> content) throws IOException {
        refuseExisting(out, force);
        dev.tally.core.AtomicFileOutput file = dev.tally.core.AtomicFileOutput.create(out, force);
        try {
            T result = content.writeTo(file.stream());
            file.commit();
            return result;
        } catch (Throwable e) {
            try {
                file.abort();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the first failure is the one to report
            }
            throw e;
        }
    }

    /** Refuses, before any work, an output that exists (unless {@code force}) or is not a regular file. */
    static void refuseExisting(Path out, boolean force) throws IOException {
        refuseStandardOutput(out);
        try {
            dev.tally.core.AtomicFileOutput.checkTarget(out, force);
        } catch (FileAlreadyExistsException e) {
            throw existing(out);
        }
    }

    /** Refuses {@code -} as an output: tally writes files, and a file named "-" is not what anyone meant. */
    static void refuseStandardOutput(Path out) {
        if (out.toString().equals("-")) {
            throw new CliException("- as an output: tally writes files, not standard output; name a file (tally cat"
                    + " prints events to standard output as JSON lines)");
        }
    }

    private static CliException existing(Path out) {
        return new CliException(out + " exists already; use --force to replace it");
    }
}
