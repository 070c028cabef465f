package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.CounterEventStream;
import dev.tally.core.EventReader;
import dev.tally.core.json.HespasJson;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.testing.Conformance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every accepted conformance case, through each codec: JSON, Parquet, events, JSON. */
class ParquetConformanceTest {
    @TempDir
    Path tmp;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Conformance.Case c : Conformance.acceptedCases()) {
            for (ParquetCodec codec : ParquetCodec.values()) {
                out.add(Arguments.of(c, codec, false));
            }
            out.add(Arguments.of(c, ParquetCodec.ZSTD, true));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} legacy pages {2}")
    @MethodSource("cases")
    void conformanceCaseRoundTripsThroughParquetToTheExpectedDocument(Conformance.Case c, ParquetCodec codec, boolean legacy)
            throws Exception {
        Path parquet = tmp.resolve(c.name() + ".parquet");
        try (EventReader in = HespasJsonReader.open(c.input())) {
            ParquetEventWriter.builder().codec(codec).legacyPages(legacy).open(parquet, in.header()).writeAllAndClose(in);
        }
        CounterEventStream back;
        try (ParquetEventReader r = ParquetEventReader.open(parquet)) {
            back = r.readAll();
        }
        assertEquals(c.expectedTree(), Conformance.treeOf(back));
        Path json = tmp.resolve(c.name() + ".json");
        HespasJson.write(back, json);
        assertEquals(c.expectedTree(), Conformance.parseTree(json));
        assertEquals(HespasJson.read(c.input()).events(), back.events());
    }
}
