package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Type;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Crafted inputs found by review and fuzzing: each must give a {@link FormatException}, allocate in proportion to
 * its size, and never touch memory it should not (a delta dictionary once made Arrow Java write into a read-only
 * memory map and crash the JVM).
 */
class ArrowHostileInputTest extends AllocatorTest {

    private static Field utf8(String n, boolean nullable, Long dict, List<Field> kids) {
        return new Field(n, new FieldType(nullable, ArrowType.Utf8.INSTANCE,
                dict == null ? null : new DictionaryEncoding(dict, false, new ArrowType.Int(32, true))), kids);
    }

    /** A stream of our layout's schema, varied, and nothing else. */
    private static byte[] schemaOnly(int[] typeIds, List<Field> nameChildren, boolean entriesNullable, int indexBits)
            throws IOException {
        List<Field> f = new ArrayList<>();
        f.add(nameChildren != null ? utf8("event_name", false, null, nameChildren)
                : new Field("event_name", new FieldType(false, ArrowType.Utf8.INSTANCE,
                        new DictionaryEncoding(0, false, new ArrowType.Int(indexBits, true))), null));
        f.add(new Field("timestamp", FieldType.notNullable(new ArrowType.Union(UnionMode.Sparse, typeIds)),
                List.of(new Field("int", FieldType.nullable(new ArrowType.Int(64, true)), null),
                        new Field("float", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null))));
        f.add(utf8("timeunit", false, 1L, null));
        f.add(new Field("metadata", FieldType.notNullable(new ArrowType.Map(false)), List.of(new Field("entries",
                new FieldType(entriesNullable, ArrowType.Struct.INSTANCE, null),
                List.of(utf8("key", false, null, null), utf8("value", false, null, null))))));
        Schema s = new Schema(f, Map.of("tally.layout_version", "1", "hespas.version", "0.0.1", "hespas.metadata", "{}"));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        WriteChannel ch = new WriteChannel(Channels.newChannel(bo));
        MessageSerializer.serialize(ch, s);
        ch.writeIntLittleEndian(-1);
        ch.writeIntLittleEndian(0);
        return bo.toByteArray();
    }

    private FormatException refused(byte[] stream) {
        return assertThrows(FormatException.class, () -> ArrowEventReader.open(new ByteArrayInputStream(stream), allocator).close());
    }

    @Test
    void schemasArrowJavaCannotBuildAreFormatErrors() throws Exception {
        try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(schemaOnly(new int[] {0, 1}, null, false, 32)), allocator)) {
            assertEquals(null, r.next()); // the control: a valid, empty stream
        }
        assertTrue(refused(schemaOnly(new int[] {300, 1}, null, false, 32)).getMessage().contains("field 'timestamp'"));
        assertTrue(refused(schemaOnly(new int[] {0, 1}, List.of(utf8("x", true, null, null)), false, 32)).getMessage()
                .contains("field 'event_name'"));
        assertTrue(refused(schemaOnly(new int[] {0, 1}, null, true, 32)).getMessage().contains("field 'metadata'"));
        assertTrue(refused(schemaOnly(new int[] {0, 1}, null, false, 24)).getMessage().contains("field 'event_name'"));
    }

    /** A schema whose fields all share one child table: a few bytes describing an enormous tree. */
    private static byte[] schemaBomb(int depth, int fanout) {
        com.google.flatbuffers.FlatBufferBuilder b = new com.google.flatbuffers.FlatBufferBuilder();
        int name = b.createString("f");
        org.apache.arrow.flatbuf.Struct_.startStruct_(b);
        int struct = org.apache.arrow.flatbuf.Struct_.endStruct_(b);
        int node = org.apache.arrow.flatbuf.Field.createField(b, name, true, Type.Struct_, struct, 0, 0, 0);
        for (int d = 0; d < depth; d++) {
            int[] kids = new int[fanout];
            Arrays.fill(kids, node);
            int children = org.apache.arrow.flatbuf.Field.createChildrenVector(b, kids);
            org.apache.arrow.flatbuf.Struct_.startStruct_(b);
            int t = org.apache.arrow.flatbuf.Struct_.endStruct_(b);
            node = org.apache.arrow.flatbuf.Field.createField(b, name, true, Type.Struct_, t, 0, children, 0);
        }
        int fields = org.apache.arrow.flatbuf.Schema.createFieldsVector(b, new int[] {node});
        int schema = org.apache.arrow.flatbuf.Schema.createSchema(b, Endianness.Little, fields, 0, 0);
        int msg = Message.createMessage(b, MetadataVersion.V5, MessageHeader.Schema, schema, 0, 0);
        b.finish(msg);
        byte[] meta = b.sizedByteArray();
        int padded = (meta.length + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(-1).putInt(padded).put(meta).position(8 + padded);
        out.putInt(-1).putInt(0);
        return out.array();
    }

    @Test
    void aSchemaThatExpandsToAHugeOrDeepTreeIsRefusedBeforeItIsBuilt() {
        byte[] wide = schemaBomb(4, 64); // 64^4 fields from about a kilobyte
        assertTrue(wide.length < 4096);
        assertTrue(refused(wide).getMessage().contains("more than 4096 fields"));
        assertTrue(refused(schemaBomb(5_000, 1)).getMessage().contains("more than 16 deep"));
    }

    private Path sampleStream(ArrowForm form, ArrowCodec codec, int events, int batchRows) throws IOException {
        Path p = tmp.resolve("s-" + form + "-" + codec);
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(batchRows)
                .allocator(allocator).replaceExisting(true).open(p, StreamHeader.empty())) {
            for (int i = 0; i < events; i++) {
                w.write(new CounterEvent("e", Timestamp.of(i), "ns"));
            }
        }
        return p;
    }

    /** The offset of the first record batch message of a stream-form file, and where its body starts. */
    private static int[] firstRecordBatch(byte[] f) {
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (true) {
            int len = bb.getInt(pos + 4);
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(f, pos + 8, len).slice().order(ByteOrder.LITTLE_ENDIAN));
            int body = pos + 8 + len;
            if (m.headerType() == MessageHeader.RecordBatch) {
                return new int[] {pos, body, len};
            }
            pos = body + (int) m.bodyLength();
        }
    }

    @Test
    void aBodyLengthBeyondTheInputIsACutAtTheRightOffsetWithoutAllocatingIt() throws Exception {
        byte[] f = Files.readAllBytes(sampleStream(ArrowForm.STREAM, ArrowCodec.NONE, 10, 10));
        int[] at = firstRecordBatch(f);
        // Rewrite the record batch's bodyLength (the Message table's field 3) to two billion.
        ByteBuffer mb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int metaStart = at[0] + 8;
        int root = metaStart + mb.getInt(metaStart);
        int vt = root - mb.getInt(root);
        mb.putLong(root + mb.getShort(vt + 10), 2_000_000_000L);
        byte[] cut = Arrays.copyOf(f, at[1] + 40);
        try (BufferAllocator limited = allocator.newChildAllocator("limited", 0, Long.MAX_VALUE)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                try (ArrowEventReader r = ArrowEventReader.open(new ByteArrayInputStream(cut), limited)) {
                    r.next();
                }
            });
            assertEquals(at[0], e.location().byteOffset(), e.getMessage()); // from an InputStream too
            assertTrue(e.getMessage().contains("inside a message body of 2000000000 bytes"), e.getMessage());
            assertTrue(limited.getPeakMemoryAllocation() < 4L << 20, "peak " + limited.getPeakMemoryAllocation());
        }
    }

    @Test
    void aCompressedLengthPrefixThatLiesIsRefusedBeforeAllocating() throws Exception {
        for (ArrowCodec codec : List.of(ArrowCodec.ZSTD, ArrowCodec.LZ4_FRAME)) {
            Path p = sampleStream(ArrowForm.STREAM, codec, 5_000, 5_000);
            byte[] f = Files.readAllBytes(p);
            int[] at = firstRecordBatch(f);
            RecordBatch rb = (RecordBatch) Message.getRootAsMessage(
                    ByteBuffer.wrap(f, at[0] + 8, at[2]).slice().order(ByteOrder.LITTLE_ENDIAN)).header(new RecordBatch());
            ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
            int patched = 0;
            for (int i = 0; i < rb.buffersLength(); i++) {
                if (rb.buffers(i).length() >= 8) {
                    bb.putLong(at[1] + (int) rb.buffers(i).offset(), 2_000_000_000L);
                    patched++;
                }
            }
            assertTrue(patched > 0);
            Files.write(p, f);
            try (BufferAllocator limited = allocator.newChildAllocator("limited", 0, Long.MAX_VALUE)) {
                assertThrows(FormatException.class, () -> {
                    try (ArrowEventReader r = ArrowEventReader.open(p, limited)) {
                        r.next();
                    }
                });
                assertTrue(limited.getPeakMemoryAllocation() < 16L << 20, codec + " peak " + limited.getPeakMemoryAllocation());
            }
        }
    }

    @Test
    void readingBatchZeroIsNotBrokenByACorruptHeaderOfALaterBatchButReportsIt() throws Exception {
        Path p = sampleStream(ArrowForm.FILE, ArrowCodec.NONE, 4, 2);
        byte[] f = Files.readAllBytes(p);
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int footerLen = bb.getInt(f.length - 10);
        Footer footer = Footer.getRootAsFooter(ByteBuffer.wrap(f, f.length - 10 - footerLen, footerLen).slice().order(ByteOrder.LITTLE_ENDIAN));
        Block blk = footer.recordBatches(1);
        int metaStart = (int) blk.offset() + 8;
        int root = metaStart + bb.getInt(metaStart);
        int vt = root - bb.getInt(root);
        bb.putInt(root + bb.getShort(vt + 8), 0x7ffff000); // the Message's header offset points far away
        Files.write(p, f);
        try (ArrowEventReader r = ArrowEventReader.open(p, allocator)) {
            FormatException e = assertThrows(FormatException.class, () -> r.loadBatch(0));
            assertTrue(e.getMessage().contains("corrupt record batch header"), e.getMessage());
        }
    }

    private static ArrowRecordBatch dictionary(BufferAllocator al, String s, int slack) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ArrowBuf v = al.buffer(1);
        v.setByte(0, 1);
        v.writerIndex(1);
        ArrowBuf o = al.buffer(8 + slack);
        o.setZero(0, o.capacity());
        o.setInt(4, b.length);
        o.writerIndex(8 + slack);
        ArrowBuf d = al.buffer(Math.max(1, b.length + slack));
        d.setZero(0, d.capacity());
        d.setBytes(0, b);
        d.writerIndex(b.length + slack);
        ArrowRecordBatch rb = new ArrowRecordBatch(1, List.of(new ArrowFieldNode(1, 0)), List.of(v, o, d));
        v.close();
        o.close();
        d.close();
        return rb;
    }

    @Test
    void aDeltaDictionaryInTheFileFormIsAppliedWithoutWritingIntoTheMappedFile() throws Exception {
        Path src = sampleStream(ArrowForm.FILE, ArrowCodec.NONE, 1, 10);
        byte[] f = Files.readAllBytes(src);
        int footerLen = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getInt(f.length - 10);
        ArrowFooter footer = new ArrowFooter(Footer.getRootAsFooter(
                ByteBuffer.wrap(f, f.length - 10 - footerLen, footerLen).slice().order(ByteOrder.LITTLE_ENDIAN)));
        ArrowBlock rec = footer.getRecordBatches().get(0);
        ArrowBlock unitDict = footer.getDictionaries().get(1);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        WriteChannel ch = new WriteChannel(Channels.newChannel(bo));
        ch.write(Arrays.copyOfRange(f, 0, (int) rec.getOffset()));
        List<ArrowBlock> recs = new ArrayList<>();
        List<ArrowBlock> dicts = new ArrayList<>();
        recs.add(new ArrowBlock(ch.getCurrentPosition(), rec.getMetadataLength(), rec.getBodyLength()));
        ch.write(Arrays.copyOfRange(f, (int) rec.getOffset(), (int) (rec.getOffset() + rec.getMetadataLength() + rec.getBodyLength())));
        // The name dictionary: "e" with spare room in its buffers, then a delta "b" that Arrow would append in place.
        try (ArrowDictionaryBatch d0 = new ArrowDictionaryBatch(0, dictionary(allocator, "e", 56), false)) {
            dicts.add(MessageSerializer.serialize(ch, d0));
        }
        // The unit dictionary keeps its place (second) among the dictionaries, and so its checksum's ordinal.
        dicts.add(new ArrowBlock(ch.getCurrentPosition(), unitDict.getMetadataLength(), unitDict.getBodyLength()));
        ch.write(Arrays.copyOfRange(f, (int) unitDict.getOffset(), (int) (unitDict.getOffset() + unitDict.getMetadataLength() + unitDict.getBodyLength())));
        try (ArrowDictionaryBatch d1 = new ArrowDictionaryBatch(0, dictionary(allocator, "b", 0), true)) {
            dicts.add(MessageSerializer.serialize(ch, d1));
        }
        ch.writeIntLittleEndian(-1);
        ch.writeIntLittleEndian(0);
        long footerStart = ch.getCurrentPosition();
        // Crafted by another writer: its schema declares no checksums, so the messages without one are read.
        java.util.Map<String, String> kv = new java.util.HashMap<>(footer.getSchema().getCustomMetadata());
        kv.remove(IpcChecksums.SCHEMA_KEY);
        kv.remove(IpcChecksums.SCHEMA_CRC_KEY);
        ch.write(new ArrowFooter(new org.apache.arrow.vector.types.pojo.Schema(footer.getSchema().getFields(), kv), dicts, recs), false);
        ch.writeIntLittleEndian((int) (ch.getCurrentPosition() - footerStart));
        ch.write("ARROW1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path crafted = tmp.resolve("crafted.arrow");
        Files.write(crafted, bo.toByteArray());
        try (ArrowEventReader r = ArrowEventReader.open(crafted, allocator)) {
            assertEquals(new CounterEvent("e", Timestamp.of(0), "ns"), r.next());
            assertEquals(List.of("e", "b"), dictionaryValues(r, 0));
        }
    }

    private static List<String> dictionaryValues(ArrowEventReader r, long id) {
        org.apache.arrow.vector.VarCharVector v = (org.apache.arrow.vector.VarCharVector) r.dictionaries().lookup(id).getVector();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.getValueCount(); i++) {
            out.add(new String(v.get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
