package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** What a dead writer left, made into a complete file holding every complete batch. */
class ArrowRecoveryTest extends AllocatorTest {
    static final SampleTrace TRACE = SampleTrace.of(5_000, SampleTrace.Shape.INT, 3);
    static final int BATCH = 1_000;

    private Path write(ArrowForm form, String name) throws IOException {
        Path file = tmp.resolve(name);
        try (EventReader in = TRACE.reader();
             ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(ArrowCodec.LZ4_FRAME).batchRows(BATCH)
                     .allocator(allocator).open(file, in.header())) {
            in.transferTo(w);
        }
        return file;
    }

    private List<CounterEvent> readAll(Path file) throws IOException {
        List<CounterEvent> out = new ArrayList<>();
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void everyCompleteBatchOfACutStreamIsRecovered() throws Exception {
        List<CounterEvent> all;
        try (EventReader in = TRACE.reader()) {
            all = in.readAll().events();
        }
        for (ArrowForm form : List.of(ArrowForm.STREAM)) {
            byte[] bytes = Files.readAllBytes(write(form, "whole-" + form));
            for (int cut : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 40, bytes.length}) {
                Path damaged = tmp.resolve("damaged");
                Files.write(damaged, Arrays.copyOf(bytes, cut));
                Path out = tmp.resolve("recovered-" + form + "-" + cut + ".arrow");
                ArrowRecovery.Result r = ArrowRecovery.recover(damaged, out,
                        ArrowEventWriter.builder().allocator(allocator));
                List<CounterEvent> back = readAll(out);
                assertEquals(r.events(), back.size(), form + " cut at " + cut);
                assertEquals(all.subList(0, back.size()), back, form + " cut at " + cut);
                assertEquals(0, back.size() % BATCH, "whole batches only: " + back.size());
                if (cut == bytes.length) {
                    assertEquals(all, back);
                    assertNull(r.problem());
                } else if (cut == bytes.length - 40) {
                    assertEquals(all.size() - BATCH, back.size(), "only the cut last batch is lost");
                    assertNotNull(r.problem());
                } else {
                    assertTrue(back.size() < all.size() && back.size() >= BATCH, form + " " + back.size());
                    assertNotNull(r.problem());
                }
            }
        }
    }

    @Test
    void aFileFormWithABadBatchKeepsTheBatchesBeforeItAndOneWithoutItsFooterIsRefusedWithAHint() throws Exception {
        List<CounterEvent> all;
        try (EventReader in = TRACE.reader()) {
            all = in.readAll().events();
        }
        Path whole = write(ArrowForm.FILE, "whole.arrow");
        byte[] bytes = Files.readAllBytes(whole);
        Path damaged = tmp.resolve("damaged");
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length - 40));
        FormatException e = assertThrows(FormatException.class,
                () -> ArrowRecovery.recover(damaged, tmp.resolve("none.arrow"), ArrowEventWriter.builder()));
        assertTrue(e.getMessage().contains("without its footer cannot be recovered"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("none.arrow")));

        // The third batch's body made unreadable: the first two are kept.
        org.apache.arrow.vector.ipc.message.ArrowBlock third;
        try (org.apache.arrow.vector.ipc.ArrowFileReader r = new org.apache.arrow.vector.ipc.ArrowFileReader(
                Files.newByteChannel(whole), allocator)) {
            third = r.getRecordBlocks().get(2);
        }
        byte[] bad = bytes.clone();
        Arrays.fill(bad, (int) (third.getOffset() + third.getMetadataLength()),
                (int) (third.getOffset() + third.getMetadataLength() + third.getBodyLength()), (byte) 0xff);
        Files.write(damaged, bad);
        Path out = tmp.resolve("kept.arrow");
        ArrowRecovery.Result r = ArrowRecovery.recover(damaged, out, ArrowEventWriter.builder().allocator(allocator));
        assertEquals(2 * BATCH, r.events());
        assertTrue(r.problem().contains("byte offset " + third.getOffset()), r.problem());
        assertEquals(all.subList(0, 2 * BATCH), readAll(out));
    }

    @Test
    void nothingIsRecoveredFromWhatIsNotArrow() throws Exception {
        Path json = Files.writeString(tmp.resolve("t.arrow"), "{\"version\": \"0.0.1\"}");
        assertThrows(FormatException.class, () -> ArrowRecovery.openReadable(json));
        Path magicOnly = Files.write(tmp.resolve("m.arrow"), new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0, 1});
        FormatException e = assertThrows(FormatException.class, () -> ArrowRecovery.recover(magicOnly,
                tmp.resolve("out.arrow"), ArrowEventWriter.builder().allocator(allocator)));
        assertTrue(e.getMessage().contains("without its footer"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out.arrow")), "nothing written for nothing recovered");

        // A whole Arrow file that is not a counter stream: its own problem, without the footer hint.
        Path foreign = tmp.resolve("foreign.arrow");
        Schema schema = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FileChannel ch = FileChannel.open(foreign, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            w.end();
        }
        FormatException notOurs = assertThrows(FormatException.class, () -> ArrowRecovery.openReadable(foreign));
        assertTrue(!notOurs.getMessage().contains("without its footer"), notOurs.getMessage());
    }
}
