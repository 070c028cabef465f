package dev.tally.arrow;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The framing of the two Arrow IPC forms (Arrow columnar format, "Serialization and Interprocess Communication"):
 * encapsulated messages, the stream's end-of-stream marker, and the file form's magic and footer. Messages are
 * written as they come; the caller decides which dictionary batches to send and when.
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
        this.schema = schema;
    }

    /** Writes the file magic (file form) and the schema message. */
    void start() throws IOException {
        if (form == ArrowForm.FILE) {
            out.write(MAGIC_PADDED);
        }
        MessageSerializer.serialize(out, schema, option);
    }

    void writeDictionary(ArrowDictionaryBatch batch) throws IOException {
        dictionaryBlocks.add(MessageSerializer.serialize(out, batch, option));
    }

    void writeBatch(ArrowRecordBatch batch) throws IOException {
        recordBlocks.add(MessageSerializer.serialize(out, batch, option));
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
            out.write(new ArrowFooter(schema, dictionaryBlocks, recordBlocks, null, option.metadataVersion), false);
            int footerLength = Math.toIntExact(out.getCurrentPosition() - footerStart);
            out.writeIntLittleEndian(footerLength);
            out.write(MAGIC);
        }
    }
}
