package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name or unit that UTF-8 cannot hold (an unpaired surrogate, which hespas JSON and Python accept) is refused by
 * the columnar outputs in one line naming the output file, the event and the field, and no output is left.
 */
class TallyUnencodableOutputTest {
    @TempDir
    Path tmp;

    @Test
    void convertingALoneSurrogateToAColumnarFormatNamesFileEventAndFieldAndLeavesNothing() throws IOException {
        Path in = Files.writeString(tmp.resolve("sur.json"), "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"a\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}},\n"
                + "{\"event_name\":\"\\ud800\",\"timestamp\":2,\"timeunit\":\"\",\"metadata\":{}}]}");
        for (String ext : List.of("parquet", "arrow", "arrows")) {
            Path out = tmp.resolve("out." + ext);
            TallyRunner r = TallyRunner.run("convert", in.toString(), out.toString());
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), ext + ": " + r.err());
            assertEquals("tally: " + out + ": event 1, field 'event_name': event name '\\ud800' holds an unpaired"
                    + " surrogate, which UTF-8 cannot store; it is refused rather than changed\n", r.err(), ext);
            try (Stream<Path> s = Files.list(tmp)) {
                assertEquals(List.of("sur.json"), s.map(p -> p.getFileName().toString()).toList(), ext);
            }
        }
    }
}
