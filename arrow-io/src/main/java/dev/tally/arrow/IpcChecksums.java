package dev.tally.arrow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowBuffer;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The checksums this library puts in Arrow IPC files (FORMAT.md, "Checksums"), the one place their bytes are
 * defined. Arrow IPC has none of its own, so a flipped bit in a value buffer would change a value unseen. There
 * are three: of the schema, in the schema's own metadata; of each record or dictionary batch message, in the
 * message's custom metadata; of the file form's footer entries, in the footer's custom metadata.
 *
 * <p>A batch message carries two: the CRC-32C of each of its buffers' bytes as stored, and the batch checksum,
 * CRC-32C over, as little-endian 64-bit integers: the message kind (1 record batch, 2 dictionary batch), its ordinal
 * among messages of that kind in the file, the body length, the dictionary id and delta flag (0 and 0 for a record
 * batch), the row count, the compression codec and method (-1 and 0 when uncompressed), the number of field nodes
 * and each node's length and null count, the number of buffers and each buffer's offset and length, the number of
 * variadic buffer counts and each count; then each buffer's CRC-32C. Padding between buffers is left out: no reader
 * interprets it. A reader that loads only some columns verifies only their buffers, and the batch checksum over the
 * stored buffer checksums, which that makes as trustworthy as the header.
 *
 * <p>The ordinal makes a footer entry or a stream that points at another, intact, message fail the check.
 */
final class IpcChecksums {
    /** Message custom metadata: the batch's checksum, 8 lower-case hex digits. */
    static final String KEY = "tally.batch_crc32c";
    /** Message custom metadata: each buffer's checksum in order, 8 lower-case hex digits each, nothing between. */
    static final String BUFFERS_KEY = "tally.buffer_crc32c";
    /** Schema metadata: the algorithm of the checksums the file carries, {@link #ALGORITHM}; readers refuse others. */
    static final String SCHEMA_KEY = "tally.batch_checksum";
    static final String ALGORITHM = "crc32c";
    /** Schema metadata: CRC-32C of {@link #schema the schema's canonical text}, 8 lower-case hex digits. */
    static final String SCHEMA_CRC_KEY = "tally.schema_crc32c";
    /** Footer custom metadata (file form): CRC-32C of the footer's block entries ({@link #footer}). */
    static final String FOOTER_CRC_KEY = "tally.footer_crc32c";

    static final int RECORD_BATCH = 1;
    static final int DICTIONARY_BATCH = 2;

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    private IpcChecksums() {
    }

    /** A batch message's two checksums, as stored: the batch's, and every buffer's (8 hex digits each). */
    record Sums(String batch, String buffers) {
    }

    /** The checksums of a batch as the writer holds it, before its message is written. */
    static Sums of(ArrowRecordBatch batch, int kind, long ordinal, long bodyLength, long dictionaryId, boolean delta) {
        IpcChecksums c = new IpcChecksums();
        c.head(kind, ordinal, bodyLength, dictionaryId, delta, batch.getLength());
        byte codec = batch.getBodyCompression().getCodec();
        boolean compressed = codec != NoCompressionCodec.COMPRESSION_TYPE;
        c.add(compressed ? codec : -1).add(compressed ? batch.getBodyCompression().getMethod() : 0);
        List<ArrowFieldNode> nodes = batch.getNodes();
        c.add(nodes.size());
        for (ArrowFieldNode n : nodes) {
            c.add(n.getLength()).add(n.getNullCount());
        }
        List<ArrowBuffer> layout = batch.getBuffersLayout();
        c.add(layout.size());
        for (ArrowBuffer b : layout) {
            c.add(b.getOffset()).add(b.getSize());
        }
        List<Long> variadic = batch.getVariadicBufferCounts() == null ? List.of() : batch.getVariadicBufferCounts();
        c.add(variadic.size());
        for (long v : variadic) {
            c.add(v);
        }
        List<ArrowBuf> buffers = batch.getBuffers();
        StringBuilder list = new StringBuilder(8 * buffers.size());
        for (ArrowBuf b : buffers) {
            int crc = b.readableBytes() == 0 ? 0
                    : crc(b.nioBuffer(b.readerIndex(), Math.toIntExact(b.readableBytes())));
            c.add(crc & 0xffffffffL);
            hex(list, crc);
        }
        return new Sums(c.value(), list.toString());
    }

    /**
     * Verifies a batch as read against its stored checksums, either of which may be absent (then null); {@code body}
     * must hold every buffer the header declares (checked before). Buffer {@code i} is read and verified when
     * {@code selected} is null or {@code selected[i]}, or when no buffer checksums are stored (the batch checksum then
     * needs every buffer); the others are taken on the word of the stored buffer checksums, which the batch checksum
     * covers.
     *
     * @return null if everything verified holds, otherwise what is damaged and how
     */
    static String verify(RecordBatch fb, ArrowBuf body, int kind, long ordinal, long bodyLength, long dictionaryId,
                         boolean delta, String storedBatch, String storedBuffers, boolean[] selected) {
        int count = fb.buffersLength();
        if (storedBuffers != null && (storedBuffers.length() != 8L * count || !isHex(storedBuffers))) {
            return "its " + BUFFERS_KEY + " entry is damaged (" + storedBuffers.length() + " characters for " + count
                    + " buffers)";
        }
        int[] crcs = new int[count];
        for (int i = 0; i < count; i++) {
            if (storedBuffers == null || selected == null || i >= selected.length || selected[i]) {
                long length = fb.buffers(i).length();
                crcs[i] = length == 0 ? 0 : crc(body.nioBuffer(fb.buffers(i).offset(), (int) length));
                if (storedBuffers != null && crcs[i] != stored(storedBuffers, i)) {
                    return "buffer " + i + " (" + length + " bytes at body offset " + fb.buffers(i).offset()
                            + ") gives checksum " + String.format("%08x", crcs[i]) + ", its " + BUFFERS_KEY + " says "
                            + storedBuffers.substring(8 * i, 8 * i + 8);
                }
            } else {
                crcs[i] = stored(storedBuffers, i);
            }
        }
        if (storedBatch == null) {
            return null;
        }
        IpcChecksums c = new IpcChecksums();
        c.head(kind, ordinal, bodyLength, dictionaryId, delta, fb.length());
        if (fb.compression() == null) {
            c.add(-1).add(0);
        } else {
            c.add(fb.compression().codec()).add(fb.compression().method());
        }
        c.add(fb.nodesLength());
        for (int i = 0; i < fb.nodesLength(); i++) {
            c.add(fb.nodes(i).length()).add(fb.nodes(i).nullCount());
        }
        c.add(count);
        for (int i = 0; i < count; i++) {
            c.add(fb.buffers(i).offset()).add(fb.buffers(i).length());
        }
        c.add(fb.variadicBufferCountsLength());
        for (int i = 0; i < fb.variadicBufferCountsLength(); i++) {
            c.add(fb.variadicBufferCounts(i));
        }
        for (int crc : crcs) {
            c.add(crc & 0xffffffffL);
        }
        String actual = c.value();
        return actual.equals(storedBatch) ? null
                : "its header and buffer checksums give checksum " + actual + ", its " + KEY + " says " + storedBatch;
    }

    private static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static void hex(StringBuilder out, int crc) {
        String h = Integer.toHexString(crc);
        out.append("00000000", 0, 8 - h.length()).append(h);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static int stored(String buffers, int i) {
        return Integer.parseUnsignedInt(buffers, 8 * i, 8 * i + 8, 16);
    }

    /**
     * The schema's checksum: CRC-32C of the UTF-8 bytes of its canonical text, which names for every field, depth
     * first, its name, nullability, Arrow type, dictionary encoding and metadata (sorted by key), then the schema's
     * metadata (sorted by key, without {@link #SCHEMA_CRC_KEY}).
     */
    static String schema(Schema schema) {
        StringBuilder text = new StringBuilder();
        for (Field f : schema.getFields()) {
            field(text, f);
        }
        text.append("schema");
        Map<String, String> metadata = new TreeMap<>(schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata());
        metadata.remove(SCHEMA_CRC_KEY);
        sorted(text, metadata);
        CRC32C crc = new CRC32C();
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static void field(StringBuilder text, Field f) {
        DictionaryEncoding d = f.getDictionary();
        text.append("field(").append(f.getName()).append('\u0000').append(f.isNullable()).append('\u0000')
                .append(f.getType()).append('\u0000')
                .append(d == null ? "-" : d.getId() + "," + d.getIndexType() + "," + d.isOrdered());
        sorted(text, f.getMetadata() == null ? Map.of() : new TreeMap<>(f.getMetadata()));
        for (Field child : f.getChildren()) {
            field(text, child);
        }
        text.append(')');
    }

    private static void sorted(StringBuilder text, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            text.append('\u0000').append(e.getKey()).append('=').append(e.getValue());
        }
    }

    /**
     * The footer's checksum: CRC-32C over, as little-endian 64-bit integers, the number of dictionary blocks and
     * each block's offset, metadata length and body length, then the same for the record batch blocks.
     */
    static String footer(List<ArrowBlock> dictionaries, List<ArrowBlock> recordBatches) {
        IpcChecksums c = new IpcChecksums();
        for (List<ArrowBlock> blocks : List.of(dictionaries, recordBatches)) {
            c.add(blocks.size());
            for (ArrowBlock b : blocks) {
                c.add(b.getOffset()).add(b.getMetadataLength()).add(b.getBodyLength());
            }
        }
        return c.value();
    }

    private void head(int kind, long ordinal, long bodyLength, long dictionaryId, boolean delta, long rows) {
        add(kind).add(ordinal).add(bodyLength).add(dictionaryId).add(delta ? 1 : 0).add(rows);
    }

    private IpcChecksums add(long value) {
        word.putLong(0, value);
        crc.update(word.array(), 0, 8);
        return this;
    }

    private String value() {
        return String.format("%08x", crc.getValue());
    }
}
