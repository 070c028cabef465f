package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tally Arrow stream cut exactly at a batch boundary is reported as cut, not as whole (issue 20, case 8). */
class TallyCutStreamTest {
    @TempDir
    Path tmp;

    @Test
    void aStreamCutAtABatchBoundaryIsIncompleteInValidateInspectAndRecover() throws Exception {
        Path whole = tmp.resolve("t.arrows");
        TallyRunner g = TallyRunner.run("generate", "--events", "3000", "--batch-rows", "700", "-o", whole.toString());
        assertEquals(0, g.exitCode(), g.err());
        byte[] bytes = Files.readAllBytes(whole);
        // head -c SIZE-8: everything but the 8-byte end-of-stream marker, so the file ends just after a whole batch
        long cutAt = bytes.length - 8;
        Path cut = tmp.resolve("cut.arrows");
        Files.write(cut, Arrays.copyOf(bytes, (int) cutAt));
        String why = "no end-of-stream marker at byte " + cutAt + ": the writer did not finish (tally recover can save"
                + " the events before it)";

        TallyRunner validate = TallyRunner.run("validate", cut.toString());
        assertEquals(Tally.EXIT_FAILURE, validate.exitCode(), validate.out());
        assertTrue(validate.out().contains("INVALID") && validate.out().contains(why), validate.out());
        assertTrue(TallyRunner.run("validate", whole.toString()).out().contains(": valid ("));

        TallyRunner inspect = TallyRunner.run("inspect", cut.toString());
        assertEquals(Tally.EXIT_FAILURE, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("events:          3,000"), inspect.out());
        assertTrue(inspect.out().contains("incomplete:      " + cut + ": byte " + cutAt) || inspect.out().contains(why),
                inspect.out());
        TallyRunner inspectWhole = TallyRunner.run("inspect", whole.toString());
        assertEquals(0, inspectWhole.exitCode(), inspectWhole.err());
        assertTrue(!inspectWhole.out().contains("incomplete"), inspectWhole.out());

        Path saved = tmp.resolve("saved.arrows");
        TallyRunner recover = TallyRunner.run("recover", cut.toString(), saved.toString());
        assertEquals(0, recover.exitCode(), recover.err());
        assertTrue(recover.out().contains("recovered 3,000 events"), recover.out());
        assertTrue(recover.out().contains(why) && !recover.out().contains("the input was whole"), recover.out());
        assertTrue(TallyRunner.run("validate", saved.toString()).out().contains(": valid ("));
    }
}
