package dev.tally.parquet;

import dev.tally.core.AtomicFileOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** parquet-java's view of a file written under a temporary name and moved into place when complete. */
final class AtomicOutputFile implements OutputFile {
    private final AtomicFileOutput file;
    private OutputStream out;
    /** While not null, what is written goes here instead of to the file: the file's end, to add checksums to. */
    private java.io.ByteArrayOutputStream tail;
    private long tailStart;
    private long position;

    AtomicOutputFile(AtomicFileOutput file) {
        this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return stream();
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return file.tempPath().toString();
    }

    /**
     * From now on, holds what is written in memory (parquet-java's indexes and footer, a few hundred bytes per column
     * chunk), until {@link #endTail} writes it to the file as {@code rewrite} makes it.
     */
    void startTail() {
        tail = new java.io.ByteArrayOutputStream(1 << 16);
        tailStart = position;
    }

    /** Writes the held end of the file, rewritten, and closes the file's stream. */
    void endTail(ChunkChecksums.TailRewrite rewrite) throws IOException {
        byte[] bytes = rewrite.apply(tail.toByteArray(), tailStart);
        tail = null;
        out.write(bytes);
        out.close(); // flushes; the file is committed by the writer
    }

    private PositionOutputStream stream() {
        out = new BufferedOutputStream(file.stream(), 1 << 20);
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                (tail != null ? tail : out).write(b);
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                (tail != null ? tail : out).write(b, off, len);
                position += len;
            }

            @Override
            public void flush() throws IOException {
                if (tail == null) {
                    out.flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (tail == null) {
                    out.close(); // flushes; the file is committed by the writer
                }
            }
        };
    }
}
