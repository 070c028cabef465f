package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Input that is not ours, truncated or corrupt: clear errors with byte offsets, and never a wrong value. */
class ArrowReaderErrorsTest extends AllocatorTest {
    static final SampleTrace TRACE = SampleTrace.of(2_000, SampleTrace.Shape.FLOAT, 5);

    private Path write(ArrowForm form, ArrowCodec codec, String name) throws IOException {
        Path file = tmp.resolve(name);
        try (EventReader in = TRACE.reader();
             ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(250)
                     .allocator(allocator).open(file, in.header())) {
            in.transferTo(w);
        }
        return file;
    }

    private static List<CounterEvent> expected() throws IOException {
        try (EventReader in = TRACE.reader()) {
            return in.readAll().events();
        }
    }

    @Test
    void aCutStreamYieldsEveryCompleteBatchThenSaysWhereItWasCut() throws Exception {
        Path full = write(ArrowForm.STREAM, ArrowCodec.ZSTD, "full.arrows");
        byte[] bytes = Files.readAllBytes(full);
        List<CounterEvent> all = expected();
        int cuts = 0;
        for (int cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length / 97)) {
            Path part = tmp.resolve("part.arrows");
            Files.write(part, Arrays.copyOf(bytes, cut));
            List<CounterEvent> got = new ArrayList<>();
            try (ArrowEventReader r = ArrowEventReader.open(part, allocator)) {
                for (CounterEvent e = r.next(); e != null; e = r.next()) {
                    got.add(e);
                }
                // A cut exactly between messages reads as a shorter stream: only whole batches, never a part.
                assertEquals(0, got.size() % 250, "cut at " + cut);
            } catch (FormatException e) {
                assertTrue(e.location().byteOffset() >= 0 && e.location().byteOffset() <= cut, e.getMessage());
                assertTrue(e.getMessage().contains("byte"), e.getMessage());
            }
            assertEquals(all.subList(0, got.size()), got, "cut at " + cut);
            cuts++;
        }
        assertTrue(cuts > 90);
    }

    @Test
    void aCutStreamReportsTheOffsetOfTheCutMessage() throws Exception {
        Path full = write(ArrowForm.STREAM, ArrowCodec.NONE, "full.arrows");
        byte[] bytes = Files.readAllBytes(full);
        Path part = tmp.resolve("part.arrows");
        Files.write(part, Arrays.copyOf(bytes, bytes.length - 100));
        try (ArrowEventReader r = ArrowEventReader.open(part, allocator)) {
            long n = 0;
            FormatException e = null;
            try {
                while (r.next() != null) {
                    n++;
                }
            } catch (FormatException x) {
                e = x;
            }
            assertEquals(1_750, n);
            assertTrue(e != null && e.getMessage().contains("input ends at byte " + (bytes.length - 100)), String.valueOf(e));
        }
    }

    @Test
    void aCutFileFormSaysItIsTruncated() throws Exception {
        Path full = write(ArrowForm.FILE, ArrowCodec.NONE, "full.arrow");
        byte[] bytes = Files.readAllBytes(full);
        for (int cut : new int[] {7, 100, bytes.length / 2, bytes.length - 1}) {
            Path part = tmp.resolve("part.arrow");
            Files.write(part, Arrays.copyOf(bytes, cut));
            FormatException e = assertThrows(FormatException.class, () -> ArrowEventReader.open(part, allocator).close());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertTrue(e.getMessage().contains(part.toString()), e.getMessage());
        }
    }

    /**
     * A flipped byte anywhere gives a {@link FormatException} naming an offset, or events that are the true ones:
     * every event returned before an error equals the one written (batch checksums, FORMAT.md "Checksums"), and a
     * read without error returns them all. Never another exception, a hang, or a changed value.
     */
    @Test
    void flippedBytesGiveTheTrueEventsOrAnError() throws Exception {
        List<CounterEvent> all = expected();
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : ArrowCodec.values()) {
                Path full = write(form, codec, "full." + form + "." + codec);
                byte[] bytes = Files.readAllBytes(full);
                int detected = 0;
                for (int at = 0; at < bytes.length; at += 89) {
                    detected += readFlipped(form, bytes, at, at % 2 == 0 ? 0x5a : 0x01, all) ? 1 : 0;
                }
                assertTrue(detected > 0, form + " " + codec);
            }
        }
    }

    /**
     * A flipped bit in a value buffer is what only the batch checksum sees: verified, the read stops at that batch
     * naming it; with batch verification off (for files known to be intact), the value changes.
     */
    @Test
    void aFlippedValueIsCaughtByTheBatchChecksumAndOnlyByIt() throws Exception {
        Path full = write(ArrowForm.FILE, ArrowCodec.NONE, "values.arrow");
        byte[] bytes = Files.readAllBytes(full);
        List<CounterEvent> all = expected();
        long bodyStart;
        try (ArrowEventReader r = ArrowEventReader.open(full, allocator)) {
            org.apache.arrow.vector.ipc.message.ArrowBlock first = rFooter(r).getRecordBatches().get(1);
            bodyStart = first.getOffset() + first.getMetadataLength();
        }
        int caught = 0;
        for (int at = (int) bodyStart; at < bodyStart + 4_000 && caught < 5; at += 7) {
            byte[] broken = bytes.clone();
            broken[at] ^= 0x01;
            Path bad = tmp.resolve("value.arrow");
            Files.write(bad, broken);
            List<CounterEvent> unverified = new ArrayList<>();
            try (ArrowEventReader r = ArrowEventReader.open(bad, allocator, ArrowEventReader.ReadOptions.DEFAULT.withVerifyBatches(false))) {
                for (CounterEvent e = r.next(); e != null; e = r.next()) {
                    unverified.add(e);
                }
            } catch (FormatException structural) {
                continue; // an offset, index or UTF-8 byte: the structural checks see it
            }
            if (unverified.equals(all)) {
                continue; // a byte no value uses
            }
            List<CounterEvent> verified = new ArrayList<>();
            FormatException e = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(bad, allocator)) {
                    for (CounterEvent x = r.next(); x != null; x = r.next()) {
                        verified.add(x);
                    }
                }
            }, "flip at " + at);
            assertTrue(e.getMessage().contains("record batch 1 is damaged"), e.getMessage());
            assertEquals(all.subList(0, 250), verified);
            caught++;
        }
        assertEquals(5, caught);
    }

    private static org.apache.arrow.vector.ipc.message.ArrowFooter rFooter(ArrowEventReader r) {
        return r.mappedFile().footer();
    }

    /**
     * Every byte of a small file of each form, flipped one at a time (a high bit or a low bit, alternately), as
     * above; LZ4 is left to the test above, which covers the same code paths.
     */
    @Test
    void everyFlippedByteOfASmallFileGivesTheTrueEventsOrAnError() throws Exception {
        SampleTrace small = SampleTrace.of(24, SampleTrace.Shape.FLOAT, 3);
        List<CounterEvent> all;
        try (EventReader in = small.reader()) {
            all = in.readAll().events();
        }
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : List.of(ArrowCodec.NONE, ArrowCodec.ZSTD)) {
                Path file = tmp.resolve("small." + form + "." + codec);
                try (EventReader in = small.reader();
                     ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(8)
                             .allocator(allocator).open(file, in.header())) {
                    in.transferTo(w);
                }
                byte[] bytes = Files.readAllBytes(file);
                int detected = 0;
                for (int at = 0; at < bytes.length; at++) {
                    detected += readFlipped(form, bytes, at, at % 2 == 0 ? 0x80 : 0x04, all) ? 1 : 0;
                }
                // Padding, and parts of the flatbuffers that no reader looks at, may change unseen; little else.
                assertTrue(detected > bytes.length / 2, form + " " + codec + ": " + detected + " of " + bytes.length);
            }
        }
    }

    /** Reads {@code bytes} with byte {@code at} XORed by {@code mask}; true if the damage was reported. */
    private boolean readFlipped(ArrowForm form, byte[] bytes, int at, int mask, List<CounterEvent> all) throws IOException {
        byte[] broken = bytes.clone();
        broken[at] ^= (byte) mask;
        Path bad = tmp.resolve("bad." + form);
        Files.write(bad, broken);
        List<CounterEvent> got = new ArrayList<>();
        boolean detected = false;
        try (ArrowEventReader r = ArrowEventReader.open(bad, allocator)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                got.add(e);
            }
        } catch (FormatException e) {
            detected = true;
            assertTrue(e.location().byteOffset() >= 0 || e.location().eventIndex() >= 0, e.getMessage());
        }
        String where = form + " flip " + Integer.toHexString(mask) + " at " + at + " of " + bytes.length;
        if (!detected) {
            assertEquals(all.size(), got.size(), where);
        }
        assertTrue(got.size() <= all.size(), where);
        for (int i = 0; i < got.size(); i++) {
            assertEquals(all.get(i), got.get(i), where + ", event " + i);
        }
        return detected;
    }

    @Test
    void aJsonFileIsNotMistakenForArrow() throws Exception {
        Path json = tmp.resolve("trace.arrow");
        Files.writeString(json, "{\"version\": \"0.0.1\", \"metadata\": {}, \"events\": []}");
        FormatException e = assertThrows(FormatException.class, () -> ArrowEventReader.open(json, allocator));
        assertTrue(e.getMessage().contains("not an Arrow IPC file or stream") && e.getMessage().contains("looks like JSON"),
                e.getMessage());
        assertEquals(0, e.location().byteOffset());
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.arrow"));
        FormatException e = assertThrows(FormatException.class, () -> ArrowEventReader.open(empty, allocator));
        assertTrue(e.getMessage().contains("empty input"), e.getMessage());
    }

    @Test
    void anArrowFileThatIsNotACounterStreamNamesWhatIsMissing() throws Exception {
        Schema schema = new Schema(List.of(new Field("x", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        for (boolean fileForm : new boolean[] {true, false}) {
            Path other = tmp.resolve(fileForm ? "other.arrow" : "other.arrows");
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                 FileChannel ch = FileChannel.open(other, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ((IntVector) root.getVector("x")).setSafe(0, 7);
                root.setRowCount(1);
                if (fileForm) {
                    try (ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
                        w.writeBatch();
                    }
                } else {
                    try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, ch)) {
                        w.writeBatch();
                    }
                }
            }
            FormatException e = assertThrows(FormatException.class, () -> ArrowEventReader.open(other, allocator));
            assertTrue(e.getMessage().contains("not a counter event stream") && e.getMessage().contains("columns: x"),
                    e.getMessage());
        }
    }

    @Test
    void theFileFormCannotBeReadFromAStream() throws Exception {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, "f.arrow");
        FormatException e = assertThrows(FormatException.class,
                () -> ArrowEventReader.open(new ByteArrayInputStream(Files.readAllBytes(file)), allocator));
        assertTrue(e.getMessage().contains("only be read from a file"), e.getMessage());
    }

    /** The offset, in the stream's bytes, of the first record batch message's {@code bodyLength}. */
    private static int firstBatchBodyLengthField(byte[] stream) throws IOException {
        try (org.apache.arrow.memory.BufferAllocator a = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.vector.ipc.ReadChannel in = new org.apache.arrow.vector.ipc.ReadChannel(
                     java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(stream)))) {
            org.apache.arrow.vector.ipc.message.MessageChannelReader messages =
                    new org.apache.arrow.vector.ipc.message.MessageChannelReader(in, a);
            while (true) {
                long start = in.bytesRead();
                org.apache.arrow.vector.ipc.message.MessageResult m = messages.readNext();
                if (m.getBodyBuffer() != null) {
                    m.getBodyBuffer().close();
                }
                if (m.getMessage().headerType() == org.apache.arrow.flatbuf.MessageHeader.RecordBatch) {
                    byte[] field = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .putLong(m.getMessage().bodyLength()).array();
                    for (int i = (int) start; i < stream.length - 8; i++) {
                        if (Arrays.equals(stream, i, i + 8, field, 0, 8)) {
                            return i;
                        }
                    }
                    throw new AssertionError("bodyLength not found");
                }
            }
        }
    }

    @Test
    void hugeClaimedLengthsAreRefusedBeforeAnythingIsAllocatedForThem() throws Exception {
        byte[] bytes = Files.readAllBytes(write(ArrowForm.STREAM, ArrowCodec.NONE, "s.arrows"));
        int field = firstBatchBodyLengthField(bytes);
        try (org.apache.arrow.memory.BufferAllocator small = allocator.newChildAllocator("small", 0, 16 << 20)) {
            // A body of 2^40 bytes: refused outright.
            byte[] huge = bytes.clone();
            java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(field, 1L << 40);
            FormatException e = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(new java.io.ByteArrayInputStream(huge), small)) {
                    while (r.next() != null) {
                        // read on
                    }
                }
            });
            assertTrue(e.getMessage().contains("beyond the 2 GiB this reader accepts"), e.getMessage());
            // A body of 1 GiB, from a stream whose length is unknown: read as it comes, so the 16 MiB allocator
            // never sees the claim; the stream ends first.
            byte[] gib = bytes.clone();
            java.nio.ByteBuffer.wrap(gib).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(field, 1L << 30);
            FormatException cut = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(new java.io.ByteArrayInputStream(gib), small)) {
                    while (r.next() != null) {
                        // read on
                    }
                }
            });
            assertTrue(cut.getMessage().contains("inside a message body of 1073741824 bytes"), cut.getMessage());
            // The same claim in a file: refused against the file's size.
            Path file = Files.write(tmp.resolve("gib.arrows"), gib);
            FormatException inFile = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(file, small)) {
                    while (r.next() != null) {
                        // read on
                    }
                }
            });
            assertTrue(inFile.getMessage().contains("1073741824"), inFile.getMessage());
        }
    }
}
