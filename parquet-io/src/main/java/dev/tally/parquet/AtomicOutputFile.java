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

    private PositionOutputStream stream() {
        OutputStream out = new BufferedOutputStream(file.stream(), 1 << 20);
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                position += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close(); // flushes; the file is committed by the writer
            }
        };
    }
}
