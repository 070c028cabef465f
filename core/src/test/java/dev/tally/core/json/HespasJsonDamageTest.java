package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import dev.tally.core.testing.Conformance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hespas JSON cut and flipped. A cut file gives the true events before the cut and then an error naming where.
 * A flipped byte gives an error or a document that differs in at most the one event (or the stream header) whose
 * text holds that byte: hespas JSON has no checksum, and a flipped digit is still valid JSON (FORMAT.md).
 */
class HespasJsonDamageTest {
    private static byte[] sample() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventReader in = SampleTrace.of(12, SampleTrace.Shape.FLOAT, 3).reader();
             HespasJsonWriter w = HespasJsonWriter.open(out, in.header())) {
            in.transferTo(w);
        }
        return out.toByteArray();
    }

    /** What a read of {@code bytes} gave: the events before any error, and the error. */
    private record Read(CounterEventStream header, List<CounterEvent> events, FormatException error) {
    }

    private static Read read(byte[] bytes) throws IOException {
        List<CounterEvent> events = new ArrayList<>();
        CounterEventStream header = null;
        try (HespasJsonReader r = HespasJsonReader.open(new ByteArrayInputStream(bytes), "damaged.json")) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                events.add(e);
            }
            header = new CounterEventStream(r.header(), List.of());
        } catch (FormatException e) {
            assertTrue(e.location().byteOffset() >= 0 || e.location().line() > 0, e.getMessage());
            return new Read(null, events, e);
        }
        return new Read(header, events, null);
    }

    private static void assertCutsGiveAPrefixThenAnError(byte[] bytes, CounterEventStream truth, String name) throws IOException {
        String trimmed = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(bytes, cut);
            Read got = read(part);
            String where = name + " cut at " + cut + " of " + bytes.length;
            assertTrue(got.events().size() <= truth.events().size(), where);
            assertEquals(truth.events().subList(0, got.events().size()), got.events(), where);
            if (got.error() == null) {
                // Only the whole document, less trailing white space, reads without error.
                assertTrue(cut >= trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, where);
                assertEquals(truth.events().size(), got.events().size(), where);
            } else {
                assertTrue(got.error().location().byteOffset() <= cut, where + ": " + got.error().getMessage());
            }
        }
    }

    @Test
    void aSampleFileCutAtEveryByteGivesTheTrueEventsBeforeTheCutThenAnError() throws Exception {
        byte[] bytes = sample();
        assertCutsGiveAPrefixThenAnError(bytes, HespasJson.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)),
                "sample");
    }

    @Test
    void everyAcceptedConformanceVectorCutAtEveryByteGivesTheTrueEventsBeforeTheCut() throws Exception {
        int cases = 0;
        for (Conformance.Case c : Conformance.acceptedCases()) {
            byte[] bytes = Files.readAllBytes(c.input());
            if (bytes.length > 20_000) {
                continue; // every byte of the large vectors would take minutes; the small ones cover the same paths
            }
            assertCutsGiveAPrefixThenAnError(bytes, HespasJson.read(c.input()), c.name());
            cases++;
        }
        assertTrue(cases > 5, "cases " + cases);
    }

    @Test
    void aFlippedByteGivesAnErrorOrChangesAtMostTheEventHoldingIt() throws Exception {
        byte[] bytes = sample();
        CounterEventStream truth = HespasJson.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        int detected = 0;
        int changed = 0;
        for (int at = 0; at < bytes.length; at++) {
            for (int mask : new int[] {0x01, 0x20, 0x80}) {
                byte[] broken = bytes.clone();
                broken[at] ^= (byte) mask;
                Read got = read(broken);
                String where = "flip " + mask + " at " + at;
                if (got.error() != null) {
                    detected++;
                    continue;
                }
                assertEquals(truth.events().size(), got.events().size(), where);
                int differing = 0;
                for (int i = 0; i < got.events().size(); i++) {
                    differing += got.events().get(i).equals(truth.events().get(i)) ? 0 : 1;
                }
                boolean headerChanged = !got.header().metadata().equals(truth.metadata())
                        || !got.header().version().equals(truth.version());
                assertTrue(differing + (headerChanged ? 1 : 0) <= 1, where + ": " + differing + " events differ");
                changed += differing + (headerChanged ? 1 : 0);
            }
        }
        // Most flips break the syntax or a field name; the rest are the digits and letters hespas cannot guard.
        assertTrue(detected > changed, "detected " + detected + ", changed " + changed);
    }
}
