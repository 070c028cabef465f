package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.json.HespasJson;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.testing.Conformance;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every accepted conformance case, through each form and codec: JSON, Arrow, events, JSON. */
class ArrowConformanceTest extends AllocatorTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Conformance.Case c : Conformance.acceptedCases()) {
            for (ArrowForm form : ArrowForm.values()) {
                for (ArrowCodec codec : ArrowCodec.values()) {
                    out.add(Arguments.of(c, form, codec));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void conformanceCaseRoundTripsThroughArrowToTheExpectedDocument(Conformance.Case c, ArrowForm form, ArrowCodec codec)
            throws Exception {
        Path arrow = tmp.resolve(c.name() + ".arrow");
        // Two rows per batch: names and units first seen in later batches travel as dictionary deltas.
        try (EventReader in = HespasJsonReader.open(c.input());
             ArrowEventWriter out = ArrowEventWriter.builder().form(form).codec(codec).batchRows(2)
                     .allocator(allocator).open(arrow, in.header())) {
            in.transferTo(out);
        }
        CounterEventStream back;
        try (ArrowEventReader r = ArrowEventReader.open(arrow, allocator)) {
            assertEquals(form, r.form());
            back = r.readAll();
        }
        assertEquals(c.expectedTree(), Conformance.treeOf(back));
        Path json = tmp.resolve(c.name() + ".json");
        HespasJson.write(back, json);
        assertEquals(c.expectedTree(), Conformance.parseTree(json));
        assertEquals(HespasJson.read(c.input()).events(), back.events());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void streamFormReadsTheSameFromAnInputStream(Conformance.Case c, ArrowForm form, ArrowCodec codec) throws Exception {
        if (form != ArrowForm.STREAM) {
            return;
        }
        CounterEventStream source = HespasJson.read(c.input());
        Path arrow = tmp.resolve(c.name() + ".arrows");
        try (ArrowEventWriter out = ArrowEventWriter.builder().form(form).codec(codec).batchRows(3)
                .allocator(allocator).open(arrow, source.header())) {
            for (CounterEvent e : source.events()) {
                out.write(e);
            }
        }
        try (InputStream in = Files.newInputStream(arrow); ArrowEventReader r = ArrowEventReader.open(in, allocator)) {
            assertEquals(source.events(), r.readAll().events());
        }
    }
}
