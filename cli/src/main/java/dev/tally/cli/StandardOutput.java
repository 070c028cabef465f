package dev.tally.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Standard output that reports its failures. {@code System.out} is a {@code PrintStream}, which swallows write
 * errors, so {@code tally cat x > /dev/full} exited 0 with nothing said and {@code tally cat big | head -1} read
 * the whole file after {@code head} had gone. Here the first failure is kept and thrown, unchecked so that it
 * passes through {@code PrintWriter} (which swallows {@code IOException}s too) and Jackson to {@link Tally}.
 */
final class StandardOutput extends OutputStream {
    private final OutputStream out;
    private Failed failure;

    StandardOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        check();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() {
        flush(); // standard output itself stays open: the JVM owns it
    }

    private void check() {
        if (failure != null) {
            throw failure; // sticky: once the pipe is gone, every later write fails the same way
        }
    }

    private Failed fail(IOException e) {
        failure = new Failed(e);
        return failure;
    }

    /** A write to standard output failed: the command fails, or ends quietly when the reader went away. */
    static final class Failed extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        Failed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        /** True when the reading end of a pipe was closed ({@code | head}): not an error, the work just ends. */
        boolean readerWentAway() {
            String m = getCause().getMessage();
            return m != null && m.contains("Broken pipe");
        }

        /** The reason, as the system gave it ("No space left on device"). */
        String reason() {
            String m = getCause().getMessage();
            return m == null ? getCause().getClass().getSimpleName() : m;
        }
    }
}
