package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.CounterEventStream;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import dev.tally.core.json.HespasJson;
import dev.tally.core.testing.Conformance;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;

class ArrowZeroCopyTest extends AllocatorTest {

    @Test
    void fileFormVectorsAreViewsOfTheMappedFileNotCopies() throws Exception {
        long marker = 0x1122334455667788L;
        Path file = tmp.resolve("z.arrow");
        try (ArrowEventWriter w = ArrowEventWriter.builder().allocator(allocator).open(file, StreamHeader.empty())) {
            for (int i = 0; i < 100; i++) {
                w.write(new CounterEvent("e", Timestamp.of(i), "", Map.of("x", JsonValue.of(i == 42 ? marker : i))));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        long at = indexOf(bytes, marker);
        assertTrue(at > 0);
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            r.loadBatch(0);
            BigIntVector x = (BigIntVector) r.root().getVector("metadata_x");
            assertEquals(marker, x.get(42));
            // Change the value in the file behind the reader's back: a view of the mapping sees it, a copy would not.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 7L), at);
            }
            assertEquals(7L, x.get(42));
        }
    }

    @Test
    void aHespasJsonFileConvertsOneEventAtATime() throws Exception {
        for (Conformance.Case c : Conformance.acceptedCases()) {
            Path arrow = tmp.resolve(c.name() + ".arrows");
            long n = ArrowIpc.convertJson(c.input(), arrow,
                    ArrowEventWriter.builder().form(ArrowForm.STREAM).batchRows(3).allocator(allocator));
            CounterEventStream expected = HespasJson.read(c.input());
            assertEquals(expected.events().size(), n);
            try (ArrowEventReader r = ArrowEventReader.open(arrow, allocator)) {
                assertEquals(expected, r.readAll(), c.name());
            }
        }
    }

    private static long indexOf(byte[] bytes, long value) {
        byte[] pattern = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        outer:
        for (int i = 0; i + 8 <= bytes.length; i++) {
            for (int j = 0; j < 8; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
