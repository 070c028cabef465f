package dev.tally.arrow;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowMessage;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The framing of the two Arrow IPC forms (Arrow columnar format, "Serialization and Interprocess Communication"):
 * encapsulated messages, the stream's end-of-stream marker, and the file form's magic and footer. Messages are
 * written as they come; the caller decides which dictionary batches to send and when. The schema, every batch
 * message and the footer carry their {@link IpcChecksums}.
 */
final class IpcWriter {
    /** {@code ARROW1} and two bytes of padding, at both ends of the file form. */
    static final byte[] MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};
    private static final byte[] MAGIC_PADDED = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};

    private final WriteChannel out;
    private final ArrowForm form;
    private final Schema schema;
    private final IpcOption option = IpcOption.DEFAULT;
    private final List<ArrowBlock> dictionaryBlocks = new ArrayList<>();
    private final List<ArrowBlock> recordBlocks = new ArrayList<>();

    IpcWriter(WritableByteChannel channel, ArrowForm form, Schema schema) {
        this.out = new WriteChannel(channel);
        this.form = form;
        Map<String, String> kv = new LinkedHashMap<>(schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata());
        kv.put(IpcChecksums.SCHEMA_KEY, IpcChecksums.ALGORITHM);
        kv.put(IpcChecksums.SCHEMA_CRC_KEY, IpcChecksums.schema(new Schema(schema.getFields(), kv)));
        this.schema = new Schema(schema.getFields(), kv);
    }

    /** Writes the file magic (file form) and the schema message. */
    void start() throws IOException {
        if (form == ArrowForm.FILE) {
            out.write(MAGIC_PADDED);
        }
        MessageSerializer.serialize(out, schema, option);
    }

    void writeDictionary(ArrowDictionaryBatch batch) throws IOException {
        IpcChecksums.Sums crc = IpcChecksums.of(batch.getDictionary(), IpcChecksums.DICTIONARY_BATCH, dictionaryBlocks.size(),
                batch.computeBodyLength(), batch.getDictionaryId(), batch.isDelta());
        dictionaryBlocks.add(write(batch, batch.getDictionary(), crc));
    }

    void writeBatch(ArrowRecordBatch batch) throws IOException {
        IpcChecksums.Sums crc = IpcChecksums.of(batch, IpcChecksums.RECORD_BATCH, recordBlocks.size(), batch.computeBodyLength(), 0, false);
        recordBlocks.add(write(batch, batch, crc));
    }

    /**
     * One encapsulated message, as Arrow Java's {@code MessageSerializer} writes it but with the checksums in the
     * message's custom metadata (Arrow Java's serialiser has no place for it). Messages start 8-byte aligned.
     */
    private ArrowBlock write(ArrowMessage message, ArrowRecordBatch data, IpcChecksums.Sums crc) throws IOException {
        long start = out.getCurrentPosition();
        FlatBufferBuilder builder = new FlatBufferBuilder();
        int header = message.writeTo(builder);
        int batchEntry = KeyValue.createKeyValue(builder, builder.createString(IpcChecksums.KEY),
                builder.createString(crc.batch()));
        int buffersEntry = KeyValue.createKeyValue(builder, builder.createString(IpcChecksums.BUFFERS_KEY),
                builder.createString(crc.buffers()));
        int custom = Message.createCustomMetadataVector(builder, new int[] {batchEntry, buffersEntry});
        Message.startMessage(builder);
        Message.addHeaderType(builder, message.getMessageType());
        Message.addHeader(builder, header);
        Message.addVersion(builder, option.metadataVersion.toFlatbufID());
        Message.addBodyLength(builder, message.computeBodyLength());
        Message.addCustomMetadata(builder, custom);
        builder.finish(Message.endMessage(builder));
        ByteBuffer metadata = builder.dataBuffer();
        int metadataLength = MessageSerializer.writeMessageBuffer(out, metadata.remaining(), metadata, option);
        long bodyLength = MessageSerializer.writeBatchBuffers(out, data);
        return new ArrowBlock(start, metadataLength, bodyLength);
    }

    /** Bytes written so far. */
    long position() {
        return out.getCurrentPosition();
    }

    /** Writes the end-of-stream marker and, in the file form, the footer and the closing magic. */
    void finish() throws IOException {
        out.writeIntLittleEndian(MessageSerializer.IPC_CONTINUATION_TOKEN);
        out.writeIntLittleEndian(0);
        if (form == ArrowForm.FILE) {
            long footerStart = out.getCurrentPosition();
            out.write(new ArrowFooter(schema, dictionaryBlocks, recordBlocks,
                    Map.of(IpcChecksums.FOOTER_CRC_KEY, IpcChecksums.footer(dictionaryBlocks, recordBlocks)), option.metadataVersion), false);
            int footerLength = Math.toIntExact(out.getCurrentPosition() - footerStart);
            out.writeIntLittleEndian(footerLength);
            out.write(MAGIC);
        }
    }
}
