package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEventStream;
import dev.tally.core.FormatException;
import dev.tally.core.testing.Conformance;
import dev.tally.core.testing.ReferenceError;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HespasJsonConformanceTest {
    @TempDir
    Path tmp;

    static List<Conformance.Case> accepted() {
        return Conformance.acceptedCases();
    }

    static List<Conformance.Case> rejected() {
        return Conformance.rejectedCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedInputLoadsToExactlyTheExpectedStream(Conformance.Case c) throws Exception {
        CounterEventStream loaded = HespasJson.read(c.input());
        assertEquals(c.expectedTree(), Conformance.treeOf(loaded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedInputLoadsTheSameFromAOnePassStream(Conformance.Case c) throws Exception {
        try (InputStream in = Files.newInputStream(c.input());
                HespasJsonReader r = HespasJsonReader.open(in, c.name())) {
            assertEquals(c.expectedTree(), Conformance.treeOf(r.readAll()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedInputWritesBackToTheExpectedDocument(Conformance.Case c) throws Exception {
        CounterEventStream loaded = HespasJson.read(c.input());
        Path out = tmp.resolve(c.name() + ".json");
        HespasJson.write(loaded, out);
        assertEquals(c.expectedTree(), Conformance.parseTree(out));
        assertEquals(loaded, HespasJson.read(out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void warningIsGivenExactlyWhenTheReferenceGivesOne(Conformance.Case c) throws Exception {
        try (HespasJsonReader r = HespasJsonReader.open(c.input())) {
            assertEquals(c.warningText(), r.header().versionWarning());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedInputFailsNamingTheFieldEventAndPosition(Conformance.Case c) {
        ReferenceError ref = ReferenceError.of(c.errorText(), c.inputTree());
        FormatException e = assertThrows(FormatException.class, () -> HespasJson.read(c.input()));
        String msg = e.getMessage();
        assertTrue(e.reason().contains(ref.message()), () -> "reason should carry the reference's message '"
                + ref.message() + "': " + msg);
        assertEquals(ref.field(), e.location().field(), msg);
        assertTrue(msg.contains("'" + ref.field() + "'"), msg);
        assertEquals(ref.eventIndex(), e.location().eventIndex(), msg);
        if (ref.eventIndex() >= 0) {
            assertTrue(msg.contains("event " + ref.eventIndex()), msg);
        }
        assertTrue(e.location().line() >= 1 && e.location().column() >= 1, msg);
        assertTrue(msg.contains("line " + e.location().line() + ", column " + e.location().column()), msg);
        assertTrue(msg.startsWith(c.input().toString()), msg);
    }
}
