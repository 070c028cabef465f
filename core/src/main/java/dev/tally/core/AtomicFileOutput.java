package dev.tally.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private volatile boolean keepIfInterrupted;

    /** Outputs neither committed nor aborted: what {@link #abandonOpen()} cleans up when the process is stopped. */
    private static final Set<AtomicFileOutput> OPEN = ConcurrentHashMap.newKeySet();

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
        OPEN.add(this);
    }

    /**
     * Starts writing {@code target}.
     *
     * @param replaceExisting whether {@link #commit()} may replace an existing file; when false, an existing
     *     target is refused here and again at commit
     * @throws FileAlreadyExistsException if the target exists and may not be replaced
     * @throws FileSystemException naming the target if it is not a regular file (see {@link #checkTarget}) or its
     *     folder is missing or not writable
     */
    public static AtomicFileOutput create(Path target, boolean replaceExisting) throws IOException {
        return create(target, replaceExisting, FORCE_EVERY_BYTES);
    }

    /** As {@link #create(Path, boolean)}, forcing every {@code forceEvery} bytes (tests use small values). */
    static AtomicFileOutput create(Path target, boolean replaceExisting, long forceEvery) throws IOException {
        Path absolute = target.toAbsolutePath();
        checkTarget(target, replaceExisting);
        Path dir = absolute.getParent();
        String name = "." + absolute.getFileName() + ".tmp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path temp = dir.resolve(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            // Named after the destination: the temporary name means nothing to whoever asked for the file.
            throw new FileSystemException(target.toString(), null, "cannot write it: " + whyNotWritable(dir, e));
        }
        return new AtomicFileOutput(absolute, temp, replaceExisting, channel, forceEvery);
    }

    private static String whyNotWritable(Path dir, FileSystemException e) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir) ? dir + " is not a folder" : "its folder " + dir + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied in its folder " + dir;
        }
        String reason = e.getReason();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    /**
     * Refuses a destination that is not a regular file: the commit replaces the destination by a rename, which
     * would put a regular file in place of a device node (on {@code /dev/null}, breaking the system), a FIFO
     * someone reads, a symbolic link (instead of its target) or a folder. Missing is fine.
     *
     * @throws FileAlreadyExistsException if the target is a file and {@code replaceExisting} is false
     * @throws FileSystemException naming the target and what it is otherwise
     */
    public static void checkTarget(Path target, boolean replaceExisting) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            Path dir = target.toAbsolutePath().getParent();
            if (e instanceof NoSuchFileException || !Files.isDirectory(dir)) {
                return; // nothing there to replace; create() names a missing folder
            }
            throw e;
        }
        if (a.isRegularFile()) {
            if (!replaceExisting) {
                throw new FileAlreadyExistsException(target.toString(), null, "exists already");
            }
            return;
        }
        String what = a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a folder" : specialKind(target);
        throw new FileSystemException(target.toString(), null, "is " + what
                + ", not a regular file; tally writes only regular files and replaces nothing else"
                + (a.isSymbolicLink() ? " (name the file it points to instead)" : ""));
    }

    /** What kind of special file: the POSIX type bits where the platform gives them. */
    private static String specialKind(Path target) {
        try {
            int mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & 0170000) {
                case 0010000: return "a FIFO (named pipe)";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view here: say only what is known
        }
        return "a special file";
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
    public synchronized void commit() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        OPEN.remove(this);
        try {
            awaitForced();
            channel.force(true);
            channel.close();
            if (replaceExisting) {
                checkTarget(target, true); // what appeared there while we wrote is not replaced either
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
    public synchronized void abort() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        OPEN.remove(this);
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

    /**
     * Marks the temporary file as worth keeping if the process is stopped before the commit: a stream whose every
     * finished part is readable on its own (the Arrow stream form, which {@code tally recover} reads).
     */
    public void keepIfInterrupted() {
        keepIfInterrupted = true;
    }

    /**
     * Abandons every output still open, for a process that is being stopped (SIGINT, SIGTERM) before they were
     * committed: each temporary file is deleted, except those marked {@link #keepIfInterrupted()}, which are forced
     * to disk and left where they are. An output committing meanwhile finishes first. Call it from a shutdown hook.
     *
     * @return the temporary files kept
     */
    public static List<Path> abandonOpen() {
        List<Path> kept = new ArrayList<>();
        for (AtomicFileOutput out : OPEN.toArray(AtomicFileOutput[]::new)) {
            synchronized (out) {
                if (out.finished) {
                    continue;
                }
                try {
                    if (out.keepIfInterrupted && out.channel.size() > 0) {
                        out.finished = true;
                        OPEN.remove(out);
                        out.channel.force(true);
                        out.channel.close();
                        kept.add(out.temp);
                    } else {
                        out.abort();
                    }
                } catch (IOException | RuntimeException e) {
                    // the process is ending: delete what can be deleted and go on with the others
                    try {
                        Files.deleteIfExists(out.temp);
                    } catch (IOException ignored) {
                        // nothing more can be done here
                    }
                }
            }
        }
        return kept;
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
