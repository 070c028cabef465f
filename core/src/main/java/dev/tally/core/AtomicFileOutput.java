package dev.tally.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a temporary name beside its destination and moved into place when complete, so that the
 * destination holds either its old content or the whole new file, never a part. Writers of every format use
 * it; {@link #commit()} is their close, {@link #abort()} their abandon.
 *
 * <p>Not thread-safe.
 */
public final class AtomicFileOutput {
    private final Path target;
    private final Path temp;
    private final boolean replaceExisting;
    private final FileChannel channel;
    private boolean finished;

    private AtomicFileOutput(Path target, Path temp, boolean replaceExisting, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.replaceExisting = replaceExisting;
        this.channel = channel;
    }

    /**
     * Starts writing {@code target}.
     *
     * @param replaceExisting whether {@link #commit()} may replace an existing file; when false, an existing
     *     target is refused here and again at commit
     * @throws FileAlreadyExistsException if the target exists and may not be replaced
     */
    public static AtomicFileOutput create(Path target, boolean replaceExisting) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!replaceExisting && Files.exists(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists already");
        }
        Path dir = absolute.getParent();
        String name = "." + absolute.getFileName() + ".tmp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path temp = dir.resolve(name);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new AtomicFileOutput(absolute, temp, replaceExisting, channel);
    }

    /** The destination. */
    public Path target() {
        return target;
    }

    /** The temporary file being written. */
    public Path tempPath() {
        return temp;
    }

    /** The channel writing the temporary file. */
    public FileChannel channel() {
        return channel;
    }

    /** An unbuffered stream writing the temporary file; closing it does not commit. */
    public OutputStream stream() {
        OutputStream s = Channels.newOutputStream(channel);
        return new java.io.FilterOutputStream(s) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Forces the data to disk and moves the file into place. Does nothing if already finished. */
    public void commit() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.force(true);
            channel.close();
            if (replaceExisting) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.move(temp, target);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(e);
            throw e;
        }
    }

    /** Deletes the temporary file; the destination is untouched. Does nothing if already finished. */
    public void abort() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void deleteQuietly(Exception primary) {
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
