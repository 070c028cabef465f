package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.core.json.HespasJson;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.json.HespasJsonWriter;
import dev.tally.core.testing.ReadmeCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code examples of README.md, kept here so that they keep compiling and doing what the README says. */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/tally/core/ReadmeExampleTest.java");

    @TempDir
    Path dir;

    @Test
    void inMemoryExample() throws Exception {
        Path file = dir.resolve("trace.json");
        // --- README: in memory ---
        CounterEventStream stream = new CounterEventStream(Map.of("estimator", "roofline"));
        stream.addEvent("mac_ops", 1);                                    // integer timestamp, unit ""
        stream.addEvent("dram_read", 2.5, "us");                          // float timestamp
        stream.addEvent("dram_read", "3", "us", Map.of("bytes", 64));     // "3" parses to the integer 3
        HespasJson.write(stream, file);

        CounterEventStream back = HespasJson.read(file);
        assert back.equals(stream);
        // --- end ---
        assertEquals(stream, back);
        assertEquals(Timestamp.of(3), back.events().get(2).timestamp());
        ReadmeCheck.assertReadmeShows(SOURCE, "in memory");
    }

    @Test
    void streamingExample() throws Exception {
        Path file = dir.resolve("big.json");
        // --- README: streaming ---
        try (EventWriter w = HespasJsonWriter.open(file, StreamHeader.of(Map.of("model", "resnet50")))) {
            for (long cycle = 0; cycle < 1_000; cycle += 10) {
                w.write(new CounterEvent("npu0.mac_ops", Timestamp.of(cycle), "cycles", Map.of("npu", JsonValue.of(0))));
            }
        } // the file appears under its name only once it is complete

        long count = 0;
        try (EventReader r = HespasJsonReader.open(file)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                count++;
            }
        }
        // --- end ---
        assertEquals(100, count);
        ReadmeCheck.assertReadmeShows(SOURCE, "streaming");
    }
}
