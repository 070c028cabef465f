package dev.tally.core.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the hespas JSON reader (Jazzer). Any input either reads, event by event, or is refused with
 * {@link FormatException}; any other exception, a hang or an allocation out of proportion to the input is a finding.
 * Seeds (valid streams of the sample trace and of the conformance vectors) and findings are in
 * {@code src/test/resources/dev/tally/core/json/HespasJsonFuzzTestInputs/readsOrRefuses}: the normal test run
 * reads each of them, and a short fuzz run follows (see the module's pom).
 */
class HespasJsonFuzzTest {
    @FuzzTest
    void readsOrRefuses(byte[] input) throws IOException {
        try (HespasJsonReader r = HespasJsonReader.open(new ByteArrayInputStream(input), "fuzz.json")) {
            r.header();
            while (true) {
                CounterEvent e;
                try {
                    e = r.next();
                } catch (FormatException bad) {
                    if (!r.canResume()) {
                        return;
                    }
                    continue; // a bad event: the reader goes on, as validate does
                }
                if (e == null) {
                    return;
                }
                e.metadata().size();
            }
        } catch (FormatException refused) {
            // the documented refusal
        }
    }
}
