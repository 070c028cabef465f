package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEvent;
import dev.tally.core.Timestamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --from and --to select integer timestamps beyond 2^53 exactly, in every format (issue 20, case 4). */
class TallyExactRangeTest {
    private static final long P53 = 1L << 53;
    /** Integers around 2^53, where doubles are 2 apart and then 4 apart, and floats beside them. */
    private static final List<String> TIMESTAMPS = List.of("1.5", "" + (P53 - 1), "" + P53, "" + P53, "" + (P53 + 1),
            "" + (P53 + 2), "" + (P53 + 3), "" + (P53 + 4), "" + (P53 + 7), "" + (P53 + 8), "" + (P53 + 9),
            "" + (P53 + 10), "" + (P53 + 12), "" + Long.MAX_VALUE, "-" + (P53 + 1), "-2.5");
    private static final List<String> FILES = List.of("t.json", "t.arrow", "t.arrows", "t.parquet");

    @TempDir
    Path tmp;

    @BeforeEach
    void writeTheTimestampsInEveryFormat() throws Exception {
        String events = TIMESTAMPS.stream()
                .map(t -> "{\"event_name\":\"e\",\"timestamp\":" + t + ",\"timeunit\":\"\",\"metadata\":{}}")
                .collect(Collectors.joining(","));
        Files.writeString(tmp.resolve("t.json"), "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[" + events + "]}");
        for (String f : FILES.subList(1, FILES.size())) { // small batches and row groups, so statistics skip some
            TallyRunner r = TallyRunner.run("convert", tmp.resolve("t.json").toString(), tmp.resolve(f).toString(),
                    f.endsWith(".parquet") ? "--row-group-rows" : "--batch-rows", "3");
            assertEquals(0, r.exitCode(), f + ": " + r.err());
        }
    }

    private List<Timestamp> cat(String file, String from, String to) throws Exception {
        TallyRunner r = TallyRunner.run("cat", tmp.resolve(file).toString(), "--from", from, "--to", to);
        assertEquals(0, r.exitCode(), file + ": " + r.err());
        return TallyReadCommandsTest.parseLines(r.out()).stream().map(CounterEvent::timestamp).toList();
    }

    @Test
    void theIssuesRangesSelectExactlyTheirIntegers() throws Exception {
        for (String f : FILES) {
            assertEquals(List.of(Timestamp.of(P53 + 1)), cat(f, "9007199254740993", "9007199254740994"), f);
            assertEquals(List.of(Timestamp.of(P53 + 8)), cat(f, "" + (P53 + 8), "" + (P53 + 9)), f);
            assertEquals(List.of(Timestamp.of(P53), Timestamp.of(P53), Timestamp.of(P53 + 1)),
                    cat(f, "" + P53, "" + (P53 + 2)), f);
            assertEquals(List.of(Timestamp.of(P53 + 9), Timestamp.of(P53 + 10), Timestamp.of(P53 + 12)),
                    cat(f, "" + (P53 + 9), "" + Long.MAX_VALUE), f);
            assertEquals(List.of(Timestamp.of(Long.MAX_VALUE)), cat(f, "" + Long.MAX_VALUE, "inf"), f);
            assertEquals(List.of(Timestamp.of(-(P53 + 1))), cat(f, "-inf", "-" + P53), f);
        }
    }

    @Test
    void floatBoundsCompareExactlyWithIntegers() throws Exception {
        for (String f : FILES) {
            // 9007199254740993.5 is the float 2^53 + 2 (Python's float() rounds it), so [2^53+2, 2^53+4)
            assertEquals(List.of(Timestamp.of(P53 + 2), Timestamp.of(P53 + 3)),
                    cat(f, "9007199254740993.5", "9007199254740996.0"), f);
            assertEquals(List.of(Timestamp.of(1.5), Timestamp.of(-2.5)), cat(f, "-2.5", "1.75"), f);
            assertEquals(List.of(Timestamp.of(P53 - 1)), cat(f, "1.6", "" + P53), f);
        }
    }

    @Test
    void aBoundBeyondSixtyFourBitsOrNotANumberIsOneLine() {
        TallyRunner huge = TallyRunner.run("cat", tmp.resolve("t.json").toString(), "--to", "9223372036854775808");
        assertEquals(Tally.EXIT_FAILURE, huge.exitCode());
        assertEquals("tally: --to: integer timestamp 9223372036854775808 is outside the signed 64-bit range that"
                + " this library holds", huge.err().strip());
        TallyRunner word = TallyRunner.run("cat", tmp.resolve("t.json").toString(), "--from", "soon");
        assertEquals(Tally.EXIT_FAILURE, word.exitCode());
        assertEquals("tally: --from: could not convert string to float: 'soon'", word.err().strip());
        TallyRunner backwards = TallyRunner.run("cat", tmp.resolve("t.json").toString(),
                "--from", "" + (P53 + 1), "--to", "9007199254740992.0");
        assertEquals(Tally.EXIT_FAILURE, backwards.exitCode());
        assertEquals("tally: --from 9007199254740993 is after --to 9007199254740992", backwards.err().strip());
    }
}
