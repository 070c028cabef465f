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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A file written under a temporary name beside its destination and moved into place when complete, so that the
 * destination holds either its old content or the whole new file, never a part. Writers of every format use
 * it; {@link #commit()} is their close, {@link #abort()} their abandon. The data is forced to disk as it is
 * written ({@link #wrote}) and at the commit, before the move.
 *
 * <p>Not thread-safe.
 */
public final class AtomicFileOutput {
    private final Path target;
    private final Path temp;
    private final boolean replaceExisting;
    private final FileChannel channel;
    private final long forceEvery;
    private long forcedUpTo;
    private int forces;
    private Future<?> forcing;
    private boolean finished;

    /**
     * Bytes written between two forces by {@link #wrote(long)}: measured on a 58 MB Arrow write to an ext4 disk,
     * every 16 MiB took 15% off the write's time, every 4 MiB as much, every 32 MiB less.
     */
    static final long FORCE_EVERY_BYTES = 16L << 20;

    /** Runs the forces of all outputs; its threads wait on disks, not on the CPU, and end when idle. */
    private static final ExecutorService FORCER = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "tally-force");
                t.setDaemon(true);
                return t;
            });

    private AtomicFileOutput(Path target, Path temp, boolean replaceExisting, FileChannel channel, long forceEvery) {
        this.target = target;
        this.temp = temp;
        this.replaceExisting = replaceExisting;
        this.channel = channel;
        this.forceEvery = forceEvery;
    }

    /**
     * Starts writing {@code target}.
     *
     * @param replaceExisting whether {@link #commit()} may replace an existing file; when false, an existing
     *     target is refused here and again at commit
     * @throws FileAlreadyExistsException if the target exists and may not be replaced
     */
    public static AtomicFileOutput create(Path target, boolean replaceExisting) throws IOException {
        return create(target, replaceExisting, FORCE_EVERY_BYTES);
    }

    /** As {@link #create(Path, boolean)}, forcing every {@code forceEvery} bytes (tests use small values). */
    static AtomicFileOutput create(Path target, boolean replaceExisting, long forceEvery) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!replaceExisting && Files.exists(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists already");
        }
        Path dir = absolute.getParent();
        String name = "." + absolute.getFileName() + ".tmp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path temp = dir.resolve(name);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new AtomicFileOutput(absolute, temp, replaceExisting, channel, forceEvery);
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

    /**
     * An unbuffered stream writing the temporary file; closing it does not commit. It tells {@link #wrote(long)}
     * how far it has written, so its writers need not.
     */
    public OutputStream stream() {
        OutputStream s = Channels.newOutputStream(channel);
        return new OutputStream() {
            private long position;

            @Override
            public void write(int b) throws IOException {
                s.write(b);
                wrote(++position);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                s.write(b, off, len);
                position += len;
                wrote(position);
            }

            @Override
            public void close() {
                // closing the stream does not close the file: commit() or abort() does
            }
        };
    }

    /**
     * Tells how far the file is written. Once another {@link #FORCE_EVERY_BYTES} bytes are, another thread forces
     * them to disk while the writer goes on, so that {@link #commit()} waits only for the last few: otherwise the
     * kernel may hold all of a file's pages until the commit's force, which then waits for all of them at once.
     * While a force runs no other starts; the next, once it has ended, covers what was written meanwhile. Call it
     * from the thread that writes (a writer's own thread may; commit and abort wait for the force).
     */
    public void wrote(long position) throws IOException {
        if (finished || position - forcedUpTo < forceEvery || (forcing != null && !forcing.isDone())) {
            return;
        }
        awaitForced(); // rethrows a failed earlier force here, not only at commit
        forcedUpTo = position;
        forces++;
        forcing = FORCER.submit(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new IOException("forcing " + temp + " to disk failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** Waits for the force started by {@link #wrote(long)}, if any, and throws its failure. */
    private void awaitForced() throws IOException {
        Future<?> f = forcing;
        if (f == null) {
            return;
        }
        forcing = null;
        Handoff.await(f, "forcing " + temp + " to disk failed");
    }

    /** Forces started by {@link #wrote(long)} so far. */
    int forcesStarted() {
        return forces;
    }

    /** Forces the data to disk and moves the file into place. Does nothing if already finished. */
    public void commit() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            awaitForced();
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
            awaitForced();
        } catch (IOException | RuntimeException ignored) {
            // the file is being thrown away
        } finally {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
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
