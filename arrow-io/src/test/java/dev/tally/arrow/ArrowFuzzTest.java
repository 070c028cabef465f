package dev.tally.arrow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Fuzzes the Arrow IPC readers, file and stream form (Jazzer). Any input either reads or is refused with
 * {@link FormatException}; any other exception, a hang, Arrow memory left allocated after close, or an allocation
 * beyond the allocator's limit (a fixed 64 MiB plus 64 times the input) is a finding. Seeds are small files of the
 * sample trace in each codec; the file form is also scanned one column at a time. Seeds and findings live in {@code src/test/resources/dev/tally/arrow/ArrowFuzzTestInputs}
 * and run with the normal tests, followed by a short fuzz run of each form (see the module's pom).
 */
class ArrowFuzzTest {
    private static long limit(byte[] input) {
        return (64L << 20) + 64L * input.length;
    }

    @FuzzTest
    void fileForm(byte[] input) throws IOException {
        Path file = Files.createTempFile("tally-fuzz-", ".arrow");
        try {
            Files.write(file, input);
            try (BufferAllocator allocator = new RootAllocator(limit(input))) {
                try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
                    readAll(r);
                } catch (FormatException refused) {
                    // the documented refusal
                }
                try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
                    for (int b = 0; b < r.batchCount(); b++) { // each batch on its own, past bad ones, as validate
                        try {
                            r.loadBatch(b);
                            for (int row = r.root().getRowCount(); row > 0; row--) {
                                r.next();
                            }
                        } catch (FormatException bad) {
                            // this batch only
                        }
                    }
                } catch (FormatException refused) {
                    // the documented refusal
                }
                try (ArrowEventReader r = ArrowEventReader.open(file, allocator,
                        ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp"))) {
                    while (r.loadNextBatch()) { // a scan of one column, which verifies and checks only its buffers
                        org.apache.arrow.vector.FieldVector ts = r.root().getVector("timestamp");
                        for (int row = 0; row < r.root().getRowCount(); row++) {
                            ts.getObject(row);
                        }
                    }
                } catch (FormatException refused) {
                    // the documented refusal
                }
            } // closing the root allocator fails on memory the reader left behind
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest
    void streamForm(byte[] input) throws IOException {
        try (BufferAllocator allocator = new RootAllocator(limit(input))) {
            try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(input), allocator)) {
                readAll(r);
            } catch (FormatException refused) {
                // the documented refusal
            }
        }
    }

    private static void readAll(ArrowEventReader r) throws IOException {
        r.header();
        for (CounterEvent e = r.next(); e != null; e = r.next()) {
            e.metadata().size();
        }
    }
}
