package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An option that sizes an allocation is bounded, with one line naming it and its limit (issue 20, case 1). */
class TallyAllocationOptionsTest {
    private static final String HUGE = "2147483647";
    private static final String REFUSED = "tally: --batch-rows must be 1 to 1048576 (Limits.MAX_BATCH_ROWS), not " + HUGE;

    @TempDir
    Path tmp;

    @Test
    void aBatchSizeBeyondTheLimitIsOneLineAndWritesNothing() throws Exception {
        TallyRunner g = TallyRunner.run("generate", "--events", "10", "--batch-rows", HUGE, "-o",
                tmp.resolve("g.arrows").toString());
        assertEquals(Tally.EXIT_FAILURE, g.exitCode());
        assertEquals(REFUSED, g.err().strip());

        Path in = tmp.resolve("in.arrows");
        assertEquals(0, TallyRunner.run("generate", "--events", "10", "-o", in.toString()).exitCode());
        for (String command : new String[] {"convert", "recover"}) {
            TallyRunner r = TallyRunner.run(command, in.toString(), tmp.resolve(command + ".arrow").toString(),
                    "--batch-rows", HUGE);
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), command);
            assertEquals(REFUSED, r.err().strip(), command);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the input: no output, no temporary file");
        }
    }

    @Test
    void theLimitItselfIsAccepted() {
        TallyRunner g = TallyRunner.run("generate", "--events", "10", "--batch-rows", "" + Limits.MAX_BATCH_ROWS,
                "-o", tmp.resolve("g.arrows").toString());
        assertEquals(0, g.exitCode(), g.err());
        assertTrue(Files.exists(tmp.resolve("g.arrows")));
    }
}
