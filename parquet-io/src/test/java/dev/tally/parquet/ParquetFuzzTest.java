package dev.tally.parquet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Fuzzes the Parquet reader (Jazzer), in its two paths: the column reader of full reads and parquet-java's record
 * reader of filtered reads. Any input either reads or is refused with {@link FormatException}; any other exception,
 * a hang or an allocation out of proportion to the input is a finding. Seeds are small files of the sample trace
 * (each codec, both page versions, several row groups); seeds and findings live in
 * {@code src/test/resources/dev/tally/parquet/ParquetFuzzTestInputs} and run with the normal tests, followed by a
 * short fuzz run (see the module's pom).
 */
class ParquetFuzzTest {
    private static final EventFilter SOME = new EventFilter(500, 5_000, Set.of("npu0.mac_ops", "stablehlo.add"));

    @FuzzTest
    void readsOrRefuses(byte[] input) throws IOException {
        Path file = Files.createTempFile("tally-fuzz-", ".parquet");
        try {
            Files.write(file, input);
            for (EventFilter filter : new EventFilter[] {EventFilter.ALL, SOME}) {
                try (ParquetEventReader r = ParquetEventReader.open(file, filter)) {
                    r.header();
                    while (true) { // past bad row groups, as validate goes
                        try {
                            CounterEvent e = r.next();
                            if (e == null) {
                                break;
                            }
                            e.metadata().size();
                        } catch (FormatException bad) {
                            if (!r.skipRowGroup()) {
                                break;
                            }
                        }
                    }
                } catch (FormatException refused) {
                    // the documented refusal
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
