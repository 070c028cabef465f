package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.json.HespasJsonWriter;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers at once, each on its own file from its own thread, in every format (Arrow drawing from one shared
 * allocator), then many readers of each file at once; every file and every read is checked event by event.
 */
class ConcurrentUseTest {
    static final int EVENTS = 30_000;
    static final String[] KINDS = {"json", "arrow", "arrows", "parquet"};

    @TempDir
    Path tmp;

    private static SampleTrace trace(int i) {
        return SampleTrace.of(EVENTS, i % 2 == 0 ? SampleTrace.Shape.INT : SampleTrace.Shape.FLOAT, 100 + i);
    }

    private static EventWriter open(String kind, Path file, EventReader in, BufferAllocator allocator)
            throws Exception {
        return switch (kind) {
            case "json" -> HespasJsonWriter.open(file, in.header());
            case "arrow", "arrows" -> ArrowEventWriter.builder().allocator(allocator).batchRows(4_000)
                    .codec(ArrowCodec.ZSTD).form(kind.equals("arrow") ? ArrowForm.FILE : ArrowForm.STREAM)
                    .open(file, in.header());
            default -> ParquetEventWriter.builder().rowGroupRows(10_000).open(file, in.header());
        };
    }

    private static EventReader read(String kind, Path file, BufferAllocator allocator) throws Exception {
        return switch (kind) {
            case "json" -> HespasJsonReader.open(file);
            case "arrow", "arrows" -> ArrowEventReader.open(file, allocator);
            default -> ParquetEventReader.open(file);
        };
    }

    /** The events of {@code r} compared with trace {@code i}; returns how many. */
    private static long check(EventReader r, int i) throws Exception {
        long n = 0;
        try (EventReader expected = trace(i).reader()) {
            for (CounterEvent e = r.next(); e != null; e = r.next(), n++) {
                assertEquals(expected.next(), e, "trace " + i + ", event " + n);
            }
            assertEquals(null, expected.next());
        }
        return n;
    }

    @Test
    void manyWritersEachOnItsOwnFileAndManyReadersOfOneFileAtOnce() throws Exception {
        int writers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Future<Path>> written = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int id = i;
                written.add(pool.submit(() -> {
                    String kind = KINDS[id % KINDS.length];
                    Path file = tmp.resolve("w" + id + "." + kind);
                    try (EventReader in = trace(id).reader()) {
                        open(kind, file, in, allocator).writeAllAndClose(in);
                    }
                    return file;
                }));
            }
            List<Path> files = new ArrayList<>();
            for (Future<Path> f : written) {
                files.add(f.get());
            }
            List<Future<Long>> reads = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                for (int reader = 0; reader < 3; reader++) { // three readers of every file, all at once
                    int id = i;
                    Callable<Long> task = () -> {
                        try (EventReader r = read(KINDS[id % KINDS.length], files.get(id), allocator)) {
                            return check(r, id);
                        }
                    };
                    reads.add(pool.submit(task));
                }
            }
            for (Future<Long> f : reads) {
                assertEquals(EVENTS, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
