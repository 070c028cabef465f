package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import dev.tally.parquet.ParquetCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the benchmarks write and read, ours and the peers', in one list: the JMH benchmarks take a subject
 * as a parameter and {@code tally bench} runs a selection, so both measure the same code. Writes return the
 * bytes written; reads return a {@link Workloads#checksum} over every event.
 */
public enum Subject {
    JACKSON_JSON("jackson", "json", "none", "generic", ".json"),
    TALLY_JSON("tally", "json", "none", "generic", ".json"),
    ARROW_FILE_NONE("tally", "arrow", "none", "generic", ".arrow"),
    ARROW_FILE_LZ4("tally", "arrow", "lz4", "generic", ".arrow"),
    ARROW_FILE_ZSTD("tally", "arrow", "zstd", "generic", ".arrow"),
    ARROW_STREAM_NONE("tally", "arrow-stream", "none", "generic", ".arrows"),
    ARROW_STREAM_LZ4("tally", "arrow-stream", "lz4", "generic", ".arrows"),
    ARROW_STREAM_ZSTD("tally", "arrow-stream", "zstd", "generic", ".arrows"),
    /** The fast path on the same trace: ids numbered once, primitive timestamps, the events' metadata maps. */
    ARROW_FILE_NONE_FAST("tally", "arrow", "none", "fast", ".arrow"),
    ARROW_FILE_ZSTD_FAST("tally", "arrow", "zstd", "fast", ".arrow"),
    PARQUET_NONE("tally", "parquet", "none", "generic", ".parquet"),
    PARQUET_SNAPPY("tally", "parquet", "snappy", "generic", ".parquet"),
    PARQUET_ZSTD("tally", "parquet", "zstd", "generic", ".parquet"),
    PARQUET_AVRO("parquet-avro", "parquet", "zstd", "generic", ".parquet"),
    NAIVE_ARROW_NONE("naive-arrow", "arrow", "none", "generic", ".arrow"),
    NAIVE_ARROW_ZSTD("naive-arrow", "arrow", "zstd", "generic", ".arrow"),
    DUCKDB("duckdb", "parquet", "zstd", "generic", ".parquet");

    /** The implementation: {@code tally} or a peer's name. */
    public final String impl;
    public final String format;
    public final String codec;
    /** {@code generic} (events) or {@code fast} (the Arrow writer's fast path). */
    public final String api;
    final String suffix;

    Subject(String impl, String format, String codec, String api, String suffix) {
        this.impl = impl;
        this.format = format;
        this.codec = codec;
        this.api = api;
        this.suffix = suffix;
    }

    /** What {@code tally bench} measures: ours through the generic API in the formats, the fast path, the peers. */
    public static final List<Subject> QUICK = List.of(JACKSON_JSON, TALLY_JSON, ARROW_FILE_NONE, ARROW_FILE_ZSTD,
            ARROW_FILE_NONE_FAST, PARQUET_ZSTD, PARQUET_SNAPPY, PARQUET_AVRO, NAIVE_ARROW_NONE, NAIVE_ARROW_ZSTD, DUCKDB);

    /** A trace with what some writers take besides its events, prepared outside the timed part. */
    public record Input(Workloads.Trace trace, List<Map<String, Object>> maps, Workloads.FastInput fast) {
        /** Prepares {@code trace} for {@code subject}: maps for the Jackson peer, numbered ids for the fast path. */
        public static Input of(Workloads.Trace trace, Subject subject) {
            return new Input(trace, subject == JACKSON_JSON ? Peers.asMaps(trace) : null,
                    subject.api.equals("fast") ? Workloads.FastInput.of(trace) : null);
        }
    }

    /** Whether this subject has a read of its own (the fast path writes the same files as the generic API). */
    public boolean reads() {
        return !api.equals("fast");
    }

    /** A file name for this subject in {@code dir}. */
    public Path file(Path dir, String tag) {
        return dir.resolve(name().toLowerCase(Locale.ROOT) + "-" + tag + suffix);
    }

    /** Writes the input's trace to {@code file} and returns the bytes written. */
    public long write(Input in, Path file) throws IOException {
        Workloads.Trace t = in.trace();
        return switch (this) {
            case JACKSON_JSON -> Peers.writeJackson(t, in.maps(), file);
            case TALLY_JSON -> Workloads.writeJson(t, file);
            case ARROW_FILE_NONE -> arrow(t, file, ArrowForm.FILE, ArrowCodec.NONE);
            case ARROW_FILE_LZ4 -> arrow(t, file, ArrowForm.FILE, ArrowCodec.LZ4_FRAME);
            case ARROW_FILE_ZSTD -> arrow(t, file, ArrowForm.FILE, ArrowCodec.ZSTD);
            case ARROW_STREAM_NONE -> arrow(t, file, ArrowForm.STREAM, ArrowCodec.NONE);
            case ARROW_STREAM_LZ4 -> arrow(t, file, ArrowForm.STREAM, ArrowCodec.LZ4_FRAME);
            case ARROW_STREAM_ZSTD -> arrow(t, file, ArrowForm.STREAM, ArrowCodec.ZSTD);
            case ARROW_FILE_NONE_FAST -> Workloads.writeArrowFast(in.fast(), t, file, ArrowForm.FILE, ArrowCodec.NONE);
            case ARROW_FILE_ZSTD_FAST -> Workloads.writeArrowFast(in.fast(), t, file, ArrowForm.FILE, ArrowCodec.ZSTD);
            case PARQUET_NONE -> Workloads.writeParquet(t, file, ParquetCodec.NONE);
            case PARQUET_SNAPPY -> Workloads.writeParquet(t, file, ParquetCodec.SNAPPY);
            case PARQUET_ZSTD -> Workloads.writeParquet(t, file, ParquetCodec.ZSTD);
            case PARQUET_AVRO -> Workloads.writeParquetAvroPeer(t, file);
            case NAIVE_ARROW_NONE -> Peers.writeNaiveArrow(t, file, false);
            case NAIVE_ARROW_ZSTD -> Peers.writeNaiveArrow(t, file, true);
            case DUCKDB -> Peers.writeDuckDb(t, file);
        };
    }

    private static long arrow(Workloads.Trace t, Path file, ArrowForm form, ArrowCodec codec) throws IOException {
        return Workloads.writeArrow(t, file, form, codec, Workloads.MetadataLayout.TYPED);
    }

    /**
     * Reads {@code file} (written by {@link #write}) to events and returns their checksum.
     *
     * @throws UnsupportedOperationException for the fast path, whose files {@link #ARROW_FILE_NONE} reads
     */
    public long read(Path file) throws IOException {
        return switch (this) {
            case JACKSON_JSON -> Peers.readJackson(file);
            case TALLY_JSON -> Workloads.readJson(file);
            case ARROW_FILE_NONE, ARROW_FILE_LZ4, ARROW_FILE_ZSTD, ARROW_STREAM_NONE, ARROW_STREAM_LZ4,
                 ARROW_STREAM_ZSTD -> Workloads.readArrow(file);
            case PARQUET_NONE, PARQUET_SNAPPY, PARQUET_ZSTD -> Workloads.readParquet(file);
            case PARQUET_AVRO -> Workloads.readParquetAvroPeer(file);
            case NAIVE_ARROW_NONE, NAIVE_ARROW_ZSTD -> Peers.readNaiveArrow(file);
            case DUCKDB -> Peers.readDuckDb(file);
            case ARROW_FILE_NONE_FAST, ARROW_FILE_ZSTD_FAST ->
                    throw new UnsupportedOperationException("the fast path writes the generic API's files");
        };
    }
}
