package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** Readers that load some columns: only their bytes are verified and loaded, and their values are the file's. */
class ArrowColumnProjectionTest extends AllocatorTest {
    static final SampleTrace TRACE = SampleTrace.of(3_000, SampleTrace.Shape.FLOAT, 11);
    private static final ArrowEventReader.ReadOptions TIMESTAMPS =
            ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp");

    private Path write(ArrowForm form, ArrowCodec codec, String name) throws IOException {
        Path file = tmp.resolve(name);
        try (EventReader in = TRACE.reader();
             ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(500)
                     .allocator(allocator).open(file, in.header())) {
            in.transferTo(w);
        }
        return file;
    }

    /** Every row's timestamp as "i:123" or "f:1.5", and every row's event name index, batch by batch. */
    private List<String> columns(Path file, ArrowEventReader.ReadOptions options) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator, options)) {
            while (r.loadNextBatch()) {
                UnionVector ts = (UnionVector) r.root().getVector("timestamp");
                FieldVector names = r.root().getVector("event_name");
                for (int i = 0; i < r.root().getRowCount(); i++) {
                    String t = ts.getTypeValue(i) == 0 ? "i:" + ts.getChildrenFromFields().get(0).getObject(i)
                            : "f:" + ts.getChildrenFromFields().get(1).getObject(i);
                    out.add(names == null ? t : t + "/" + ((BaseIntVector) names).getValueAsLong(i));
                }
            }
        }
        return out;
    }

    @Test
    void aReaderOfSomeColumnsGivesTheirValuesAsAFullReaderDoesInEveryFormAndCodec() throws IOException {
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : ArrowCodec.values()) {
                Path file = write(form, codec, "all-" + form + "-" + codec + ".arrow");
                List<String> full = columns(file, ArrowEventReader.ReadOptions.DEFAULT);
                assertEquals(3_000, full.size());
                assertEquals(full, columns(file, ArrowEventReader.ReadOptions.DEFAULT
                        .withColumns("event_name", "timestamp")), form + " " + codec);
                assertEquals(full.stream().map(s -> s.substring(0, s.indexOf('/'))).toList(),
                        columns(file, TIMESTAMPS), form + " " + codec);
                try (ArrowEventReader r = ArrowEventReader.open(file, allocator, TIMESTAMPS)) {
                    assertEquals(List.of("timestamp"),
                            r.root().getSchema().getFields().stream().map(Field::getName).toList());
                }
            }
        }
        assertTrue(columns(write(ArrowForm.FILE, ArrowCodec.NONE, "any.arrow"), TIMESTAMPS).contains("i:1000"),
                "the trace has integer timestamps");
    }

    @Test
    void aReaderOfSomeColumnsGivesBatchesNotEvents() throws IOException {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, "events.arrow");
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator, TIMESTAMPS)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::next);
            assertTrue(e.getMessage().contains("[timestamp]"), e.getMessage());
        }
    }

    @Test
    void aColumnTheFileDoesNotHaveIsRefusedNamingTheColumnsItHas() throws IOException {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, "unknown.arrow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrowEventReader.open(file,
                allocator, ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp", "duration")));
        assertTrue(e.getMessage().contains("no column duration") && e.getMessage().contains("event_name"),
                e.getMessage());
    }

    /** Where batch {@code k}'s buffers lie in the file: absolute offset and length of each. */
    private static long[][] bufferExtents(Path file, byte[] bytes, int k) throws IOException {
        ArrowBlock block;
        try (ArrowEventReader r = ArrowEventReader.open(file)) {
            block = r.mappedFile().footer().getRecordBatches().get(k);
        }
        ByteBuffer meta = ByteBuffer.wrap(bytes, (int) block.getOffset() + 8, block.getMetadataLength() - 8)
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        RecordBatch fb = (RecordBatch) Message.getRootAsMessage(meta).header(new RecordBatch());
        long body = block.getOffset() + block.getMetadataLength();
        long[][] out = new long[fb.buffersLength()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new long[] {body + fb.buffers(i).offset(), fb.buffers(i).length()};
        }
        return out;
    }

    private boolean[] timestampBuffers(Path file) throws IOException {
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            return Projection.of(r.root().getSchema().getFields(), Set.of("timestamp"), "test").buffers();
        }
    }

    @Test
    void aFlipInAnotherColumnLeavesAScanIntactAndAFlipInItsOwnColumnStopsIt() throws IOException {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, "flips.arrow");
        byte[] bytes = Files.readAllBytes(file);
        List<String> truth = columns(file, TIMESTAMPS);
        long[][] extents = bufferExtents(file, bytes, 1);
        boolean[] selected = timestampBuffers(file);
        int own = 0;
        int other = 0;
        for (int b = 0; b < extents.length; b++) {
            if (extents[b][1] == 0) {
                continue;
            }
            byte[] broken = bytes.clone();
            broken[(int) (extents[b][0] + extents[b][1] / 2)] ^= 0x10;
            Path bad = tmp.resolve("flipped.arrow");
            Files.write(bad, broken);
            if (selected[b]) {
                FormatException e = assertThrows(FormatException.class, () -> columns(bad, TIMESTAMPS), "buffer " + b);
                assertTrue(e.getMessage().contains("record batch 1 is damaged: buffer " + b), e.getMessage());
                own++;
            } else {
                assertEquals(truth, columns(bad, TIMESTAMPS), "buffer " + b);
                FormatException e = assertThrows(FormatException.class,
                        () -> columns(bad, ArrowEventReader.ReadOptions.DEFAULT), "buffer " + b);
                assertTrue(e.getMessage().contains("record batch 1 is damaged: buffer " + b)
                        || e.getMessage().contains("corrupt record batch"), e.getMessage());
                other++;
            }
        }
        assertTrue(own >= 3 && other >= 5, own + " own, " + other + " other buffers");
    }

    @Test
    void theStoredBufferChecksumsAreCoveredByTheBatchChecksum() throws IOException {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, "list.arrow");
        byte[] bytes = Files.readAllBytes(file);
        boolean[] selected = timestampBuffers(file);
        long[][] extents = bufferExtents(file, bytes, 0);
        int unselected = 0;
        while (selected[unselected] || extents[unselected][1] == 0) {
            unselected++;
        }
        // A record batch's buffer checksum list: the first long hex run after the key (flatbuffers are built back
        // to front, so it may be the next message's).
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int key = text.indexOf(IpcChecksums.BUFFERS_KEY);
        assertTrue(key > 0);
        int value = text.indexOf(hexRun(text, key), key);
        int digit = value + 8 * unselected;
        byte[] broken = bytes.clone();
        broken[digit] = (byte) (broken[digit] == '0' ? '1' : '0');
        Path bad = tmp.resolve("list-damaged.arrow");
        Files.write(bad, broken);
        FormatException e = assertThrows(FormatException.class, () -> columns(bad, TIMESTAMPS));
        assertTrue(e.getMessage().matches(".*record batch \\d+ is damaged: its header and buffer checksums give.*"),
                e.getMessage());
        assertFalse(columns(file, TIMESTAMPS).isEmpty());
    }

    /** The first run of at least 64 lower-case hex digits after {@code from}: a buffer checksum list. */
    private static String hexRun(String text, int from) {
        int start = -1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (hex && start < 0) {
                start = i;
            } else if (!hex && start >= 0) {
                if (i - start >= 64) {
                    return text.substring(start, i);
                }
                start = -1;
            }
        }
        throw new AssertionError("no checksum list");
    }
}
