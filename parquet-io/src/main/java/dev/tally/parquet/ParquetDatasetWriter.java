package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventWriter;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.MetadataPlan;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a stream too large for one file as a folder of Parquet files ({@code part-000000.parquet},
 * {@code part-000001.parquet}, ... in stream order), rolling to the next file after a number of events or bytes.
 * Every file is complete on its own, with the stream's header and the same columns (chosen from the first
 * events), so Spark, pandas, polars and DuckDB read the folder as one table. Each file is written under a
 * temporary name and moved into place when complete: a writer that dies loses at most the file it was writing.
 *
 * <p>Not thread-safe: one writer per thread.
 */
public final class ParquetDatasetWriter implements EventWriter {
    /** The default number of events per file. */
    public static final long DEFAULT_EVENTS_PER_FILE = 50_000_000L;
    /** The default size per file: 1 GiB. */
    public static final long DEFAULT_BYTES_PER_FILE = 1L << 30;

    private final Path directory;
    private final StreamHeader header;
    private final ParquetCodec codec;
    private final long eventsPerFile;
    private final long bytesPerFile;
    private final List<Path> files = new ArrayList<>();
    private MetadataPlan plan;
    private ParquetEventWriter current;
    private long events;
    private boolean closed;

    private ParquetDatasetWriter(Builder b, Path directory, StreamHeader header) {
        this.directory = directory;
        this.header = Objects.requireNonNull(header, "header");
        this.codec = b.codec;
        this.eventsPerFile = b.eventsPerFile;
        this.bytesPerFile = b.bytesPerFile;
        this.plan = b.plan;
    }

    /** A builder with the defaults: ZSTD, 50 million events or 1 GiB per file. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link ParquetDatasetWriter}. */
    public static final class Builder {
        private ParquetCodec codec = ParquetCodec.ZSTD;
        private long eventsPerFile = DEFAULT_EVENTS_PER_FILE;
        private long bytesPerFile = DEFAULT_BYTES_PER_FILE;
        private MetadataPlan plan;

        private Builder() {
        }

        public Builder codec(ParquetCodec value) {
            this.codec = Objects.requireNonNull(value, "codec");
            return this;
        }

        /** Events after which the next file is started. */
        public Builder eventsPerFile(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("events per file must be positive, not " + value);
            }
            this.eventsPerFile = value;
            return this;
        }

        /** Bytes (as parquet-java counts them while writing) after which the next file is started. */
        public Builder bytesPerFile(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("bytes per file must be positive, not " + value);
            }
            this.bytesPerFile = value;
            return this;
        }

        /** The typed metadata columns of every file, instead of choosing them from the first events. */
        public Builder metadataPlan(MetadataPlan value) {
            this.plan = value;
            return this;
        }

        /**
         * Writes into {@code directory}, creating it if needed.
         *
         * @throws java.nio.file.FileAlreadyExistsException if it already holds part files
         */
        public ParquetDatasetWriter open(Path directory, StreamHeader header) throws IOException {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(directory, "part-*.parquet")) {
                if (parts.iterator().hasNext()) {
                    throw new java.nio.file.FileAlreadyExistsException(directory.toString(), null,
                            "the folder already holds part files");
                }
            }
            return new ParquetDatasetWriter(this, directory, header);
        }
    }

    @Override
    public void write(CounterEvent event) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (current == null) {
            ParquetEventWriter.Builder b = ParquetEventWriter.builder().codec(codec);
            if (plan != null) {
                b.metadataPlan(plan);
            }
            Path next = directory.resolve(String.format("part-%06d.parquet", files.size()));
            current = b.open(next, header);
            files.add(next);
        }
        current.write(event);
        events++;
        if (current.eventCount() >= eventsPerFile || current.dataSize() >= bytesPerFile) {
            finishFile();
        }
    }

    private void finishFile() throws IOException {
        ParquetEventWriter w = current;
        current = null;
        w.close();
        if (plan == null) {
            plan = w.metadataPlan(); // every later file gets the same columns
        }
    }

    @Override
    public long eventCount() {
        return events;
    }

    /** The files written so far, in stream order (the last one may still be open). */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** Completes the file being written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            finishFile();
        }
    }

    /** Abandons the file being written; the files already completed stay, each a valid part of the stream. */
    @Override
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.abort();
            files.remove(files.size() - 1);
            current = null;
        }
    }
}
