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
    private final boolean concurrentPages;
    private final List<Path> files = new ArrayList<>();
    private MetadataPlan plan;
    private ParquetEventWriter current;
    /** Row groups of the current file whose end has been checked against {@link #bytesPerFile}. */
    private int rowGroupsSeen;
    private long events;
    private boolean closed;

    private ParquetDatasetWriter(Builder b, Path directory, StreamHeader header) {
        this.directory = directory;
        this.header = Objects.requireNonNull(header, "header");
        this.codec = b.codec;
        this.eventsPerFile = b.eventsPerFile;
        this.bytesPerFile = b.bytesPerFile;
        this.concurrentPages = b.concurrentPages;
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
        private boolean concurrentPages = PageWorker.CONCURRENT;
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

        /**
         * Bytes after which the next file is started: a file ends with the first row group that brings it to this
         * size or more. Row groups end at this size too when it is under the writer's default (128 MiB; 64 KiB at
         * least), so a file is larger than this by less than a row group and its footer; the first file holds at
         * least the first {@value ParquetEventWriter#PLAN_SAMPLE} events, from which every file's columns are chosen,
         * unless a plan is given. The same events split at the same places on every run, whatever the timing of the
         * thread that encodes pages. 1 GiB by default.
         */
        public Builder bytesPerFile(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("bytes per file must be positive, not " + value);
            }
            this.bytesPerFile = value;
            return this;
        }

        /** Whether pages are encoded on a second thread (the default with two processors or more); for tests. */
        Builder concurrentPages(boolean value) {
            this.concurrentPages = value;
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
            ParquetEventWriter.Builder b = ParquetEventWriter.builder().codec(codec).concurrentPages(concurrentPages)
                    .rowGroupBytes(Math.max(ParquetEventWriter.MIN_ROW_GROUP_BYTES,
                            Math.min(ParquetEventWriter.DEFAULT_ROW_GROUP_BYTES, bytesPerFile)));
            if (plan != null) {
                b.metadataPlan(plan);
            }
            Path next = directory.resolve(String.format("part-%06d.parquet", files.size()));
            current = b.open(next, header);
            rowGroupsSeen = 0;
            files.add(next);
        }
        current.write(event);
        events++;
        if (current.eventCount() >= eventsPerFile || rowGroupEndReaches(bytesPerFile)) {
            finishFile();
        }
    }

    /**
     * Whether a row group of the current file has just ended with the file at {@code limit} bytes or more. Only
     * ended row groups count, and their exact size, never an estimate that depends on how far the page thread has
     * got: so files end at the same events on every run.
     */
    private boolean rowGroupEndReaches(long limit) throws IOException {
        int ended = current.rowGroupsEnded();
        if (ended == rowGroupsSeen) {
            return false;
        }
        rowGroupsSeen = ended;
        return current.endedRowGroupsBytes() >= limit;
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
