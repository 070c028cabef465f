package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A writer that encodes pages and writes row groups on a second thread writes the same bytes as one that does all of
 * it on the caller's thread: the same pages, dictionaries, row group boundaries (by rows and by bytes) and footer;
 * and a failure on the second thread reaches the caller and leaves no file.
 */
class ConcurrentPageWriteTest {
    @TempDir
    Path tmp;

    /**
     * A typed string column whose distinct values overflow the 1 MiB dictionary (PLAIN for the rest of the group),
     * and a boolean column.
     */
    private static List<CounterEvent> overflowingDictionary() {
        List<CounterEvent> out = new ArrayList<>();
        String pad = "x".repeat(200);
        for (int i = 0; i < 40_000; i++) {
            out.add(new CounterEvent("e" + i % 3, Timestamp.of((long) i * 7), "ns",
                    Map.of("tag", JsonValue.of(pad + i), "n", JsonValue.of((long) i * i), "ok", JsonValue.of(i % 3 == 0))));
        }
        return out;
    }

    private static List<CounterEvent> sample(SampleTrace.Values values) throws IOException {
        List<CounterEvent> out = new ArrayList<>();
        try (EventReader r = SampleTrace.of(100_000, SampleTrace.Shape.FLOAT, 7, values).reader()) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    static Stream<Arguments> writes() throws IOException {
        List<CounterEvent> mixed = MixedTrace.events(70_000);
        List<CounterEvent> overflow = overflowingDictionary();
        List<CounterEvent> varying = sample(SampleTrace.Values.VARYING);
        List<CounterEvent> repeating = sample(SampleTrace.Values.REPEATING);
        UnaryOperator<ParquetEventWriter.Builder> defaults = b -> b;
        return Stream.of(
                Arguments.of("mixed, defaults", mixed, defaults),
                Arguments.of("mixed, row groups of 30000 rows", mixed, op(b -> b.rowGroupRows(30_000))),
                Arguments.of("mixed, row groups of 64 KiB", mixed, op(b -> b.rowGroupBytes(64 << 10))),
                Arguments.of("mixed, snappy, version 1 pages", mixed,
                        op(b -> b.codec(ParquetCodec.SNAPPY).legacyPages(true).rowGroupBytes(200 << 10))),
                Arguments.of("mixed, uncompressed", mixed, op(b -> b.codec(ParquetCodec.NONE).rowGroupRows(20_000))),
                Arguments.of("overflowing dictionary", overflow, op(b -> b.rowGroupRows(25_000))),
                Arguments.of("overflowing dictionary, row groups of 1 MiB", overflow, op(b -> b.rowGroupBytes(1 << 20))),
                Arguments.of("sample, varying values, 64 KiB", varying, op(b -> b.rowGroupBytes(64 << 10))),
                Arguments.of("sample, repeating values", repeating, defaults),
                Arguments.of("empty", List.of(), defaults));
    }

    private static UnaryOperator<ParquetEventWriter.Builder> op(UnaryOperator<ParquetEventWriter.Builder> o) {
        return o;
    }

    private Path write(String name, List<CounterEvent> events, UnaryOperator<ParquetEventWriter.Builder> options,
                       boolean concurrent) throws IOException {
        Path file = tmp.resolve(name.replaceAll("[^a-z0-9]+", "-") + (concurrent ? "-concurrent" : "-inline") + ".parquet");
        try (ParquetEventWriter w = options.apply(ParquetEventWriter.builder()).concurrentPages(concurrent)
                .open(file, StreamHeader.of(Map.of("estimator", "test")))) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void pagesEncodedOnASecondThreadGiveTheSameFile(String name, List<CounterEvent> events,
                                                    UnaryOperator<ParquetEventWriter.Builder> options) throws IOException {
        Path inline = write(name, events, options, false);
        Path concurrent = write(name, events, options, true);
        assertArrayEquals(Files.readAllBytes(inline), Files.readAllBytes(concurrent));
        List<CounterEvent> back = new ArrayList<>();
        try (ParquetEventReader r = ParquetEventReader.open(concurrent)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                back.add(e);
            }
        }
        assertEquals(events, back);
    }

    /** Row groups limited by bytes end where the pages reach the limit, not where the second thread happens to be. */
    @Test
    void rowGroupsLimitedByBytesEndAtTheSameRows() throws IOException {
        List<CounterEvent> events = sample(SampleTrace.Values.VARYING);
        Path file = write("by bytes", events, b -> b.rowGroupBytes(64 << 10), true);
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration()))) {
            int groups = r.getRowGroups().size();
            assertTrue(groups > 3, "row groups: " + groups);
            for (int g = 0; g < groups - 1; g++) {
                // Checked every 1024 rows, so every group but the last is a multiple of 1024 rows.
                assertEquals(0, r.getRowGroups().get(g).getRowCount() % 1024);
            }
        }
    }

    @ParameterizedTest(name = "version 1 pages {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void conformanceCasesGiveTheSameFileEitherWay(boolean legacy) throws IOException {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            List<CounterEvent> events = new ArrayList<>();
            StreamHeader header;
            try (EventReader r = HespasJsonReader.open(c.input())) {
                header = r.header();
                for (CounterEvent e = r.next(); e != null; e = r.next()) {
                    events.add(e);
                }
            }
            byte[][] files = new byte[2][];
            for (int k = 0; k < 2; k++) {
                Path file = tmp.resolve(c.name() + "-" + k + ".parquet");
                try (ParquetEventWriter w = ParquetEventWriter.builder().concurrentPages(k == 1).replaceExisting(true)
                        .legacyPages(legacy).open(file, header)) {
                    for (CounterEvent e : events) {
                        w.write(e);
                    }
                }
                files[k] = Files.readAllBytes(file);
            }
            assertArrayEquals(files[0], files[1], c.name());
        }
    }

    /** The output is closed under the writer: the second thread's write fails, and the caller hears of it. */
    @ParameterizedTest(name = "concurrent {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aFailureWritingPagesReachesTheCallerAndOnlyAbortIsLeft(boolean concurrent) throws IOException {
        Path file = tmp.resolve("failing.parquet");
        ParquetEventWriter w = ParquetEventWriter.builder().concurrentPages(concurrent).rowGroupRows(20_000)
                .open(file, StreamHeader.empty());
        List<CounterEvent> events = MixedTrace.events(30_000);
        for (int i = 0; i < ParquetEventWriter.PLAN_SAMPLE + 10; i++) {
            w.write(events.get(i % events.size()));
        }
        w.output().channel().close();
        IOException failed = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 2_000_000; i++) {
                w.write(events.get(i % events.size()));
            }
            w.close();
        });
        assertTrue(failed instanceof java.nio.channels.ClosedChannelException
                || failed.getCause() instanceof java.nio.channels.ClosedChannelException, failed.toString());
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> w.write(events.get(0)));
        assertTrue(after.getMessage().contains("abort()"), after.getMessage());
        w.abort();
        assertFalse(Files.exists(file));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
