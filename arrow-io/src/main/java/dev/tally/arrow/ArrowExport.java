package dev.tally.arrow;

import java.io.IOException;
import java.util.Objects;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Hands record batches to native consumers without copying them, through the Arrow C Data Interface: an
 * {@code ArrowArrayStream} that DuckDB, pyarrow (through JPype or any FFI), polars or Arrow C++ take. The
 * consumer's {@code get_next} loads the next batch here; the buffers it receives are the batch's own (for an
 * uncompressed Arrow file, the memory-mapped file itself), and stay valid until the consumer releases them, also
 * after the stream is released.
 *
 * <p>Two views. The exact view ({@link #exportStream}) is the Arrow layout of FORMAT.md, with the timestamp as a
 * sparse union that keeps each timestamp's kind: pyarrow, DuckDB and Arrow C++ read it. The flat view
 * ({@link #flatView}) is for consumers without a union type (pandas, polars): {@code timestamp} as a double and
 * {@code timestamp_int} for the integers a double cannot hold, as in the Parquet layout; only those two columns are
 * computed, every other column is shared.
 *
 * <p>The stream owns what it exports: releasing it closes the reader. One consumer reads a stream, from one
 * thread at a time.
 */
public final class ArrowExport {
    private ArrowExport() {
    }

    /**
     * Exports {@code batches} (an {@link ArrowEventReader#asArrowReader()}, an {@link EventBatchReader}, a
     * {@link #flatView}, a live writer's {@link ArrowEventWriter#liveBatches()}, ...) into {@code out}, a stream
     * structure the consumer allocated ({@code ArrowArrayStream.wrap(address)}) or {@link ArrowArrayStream#allocateNew}.
     * {@code allocator} holds the small export structures.
     */
    public static void exportStream(ArrowReader batches, BufferAllocator allocator, ArrowArrayStream out) {
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(out, "out");
        ArrowRuntime.check();
        Data.exportArrayStream(allocator, batches, out);
    }

    /** Exports the batches of an open file or stream: {@code exportStream(reader.asArrowReader(), ...)}. */
    public static void exportStream(ArrowEventReader reader, BufferAllocator allocator, ArrowArrayStream out) {
        exportStream(reader.asArrowReader(), allocator, out);
    }

    /**
     * The flat view of batches in the Arrow layout (see the class comment); closing it closes {@code exact}.
     *
     * @throws IllegalArgumentException if the batches have no {@code timestamp} union
     */
    public static ArrowReader flatView(ArrowReader exact) throws IOException {
        return new FlatView(exact);
    }
}
