package dev.tally.arrow;

import dev.tally.core.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One encapsulated IPC message as read: its flatbuffer metadata, its body (owned until handed on), and the
 * byte offset where it starts, for errors. Every length and offset the metadata declares is checked against
 * the body before Arrow Java slices it.
 */
final class IpcMessage implements AutoCloseable {
    /** Metadata larger than this is refused: real schemas and batch headers are kilobytes. */
    static final int MAX_METADATA_LENGTH = 64 << 20;

    final Message message;
    final long offset;
    private ArrowBuf body;

    IpcMessage(Message message, ArrowBuf body, long offset) {
        this.message = message;
        this.body = body;
        this.offset = offset;
    }

    byte headerType() {
        return message.headerType();
    }

    /** Parses message metadata; garbage gives a {@link FormatException} rather than a flatbuffer exception. */
    static Message parseMetadata(ByteBuffer metadata, FormatException.Location at) throws FormatException {
        try {
            Message m = Message.getRootAsMessage(metadata.order(ByteOrder.LITTLE_ENDIAN));
            byte type = m.headerType();
            if (type != MessageHeader.Schema && type != MessageHeader.DictionaryBatch && type != MessageHeader.RecordBatch) {
                throw new FormatException(at, "unknown IPC message type " + type);
            }
            if (m.bodyLength() < 0) {
                throw new FormatException(at, "IPC message declares a negative body length " + m.bodyLength());
            }
            return m;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new FormatException(at, "corrupt IPC message metadata (" + e + ")", e);
        }
    }

    Schema schema(FormatException.Location at) throws FormatException {
        org.apache.arrow.flatbuf.Schema fb;
        try {
            fb = (org.apache.arrow.flatbuf.Schema) message.header(new org.apache.arrow.flatbuf.Schema());
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt schema message (" + e + ")", e);
        }
        if (fb == null) {
            throw new FormatException(at.atByte(offset), "schema message without a schema");
        }
        SchemaGuard.check(fb, at.atByte(offset));
        try {
            return MessageSerializer.deserializeSchema(message);
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt schema message (" + e + ")", e);
        }
    }

    /**
     * The record batch; the body passes to it. With {@code verify}, its {@link IpcChecksums checksums} are verified
     * first when the message has them: of the buffers {@code selected} (all when null) and of the batch.
     *
     * @param ordinal the batch's index among the record batches of the file or stream
     */
    ArrowRecordBatch recordBatch(FormatException.Location at, long ordinal, boolean verify, boolean[] selected)
            throws IOException {
        RecordBatch fb;
        try {
            fb = (RecordBatch) message.header(new RecordBatch());
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt record batch header (" + e + ")", e);
        }
        if (fb == null) {
            throw new FormatException(at.atByte(offset), "record batch message without a header");
        }
        checkBuffers(fb, at);
        if (verify) {
            verify(fb, IpcChecksums.RECORD_BATCH, ordinal, 0, false, selected, at);
        }
        return deserialize(fb, at);
    }

    /**
     * Hands the body to Arrow Java's deserialiser. Flatbuffer fields are read lazily, so corrupt metadata can
     * fail inside it; the body is then released by {@link #close()} (Arrow releases it only on success).
     */
    private ArrowRecordBatch deserialize(RecordBatch fb, FormatException.Location at) throws IOException {
        ArrowBuf b = body;
        try {
            ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(fb, b);
            body = null;
            return batch;
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt batch metadata (" + e + ")", e);
        }
    }

    /**
     * The dictionary batch; the body passes to it. Its checksum is verified as a record batch's is.
     *
     * @param ordinal the batch's index among the dictionary batches of the file or stream
     */
    ArrowDictionaryBatch dictionaryBatch(FormatException.Location at, long ordinal, boolean verify) throws IOException {
        DictionaryBatch fb;
        RecordBatch data;
        try {
            fb = (DictionaryBatch) message.header(new DictionaryBatch());
            data = fb.data();
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt dictionary batch header (" + e + ")", e);
        }
        if (data == null) {
            throw new FormatException(at.atByte(offset), "dictionary batch without data");
        }
        checkBuffers(data, at);
        long id;
        boolean delta;
        try {
            id = fb.id();
            delta = fb.isDelta();
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt dictionary batch header (" + e + ")", e);
        }
        if (verify) {
            verify(data, IpcChecksums.DICTIONARY_BATCH, ordinal, id, delta, null, at);
        }
        return new ArrowDictionaryBatch(id, deserialize(data, at), delta);
    }

    private void verify(RecordBatch fb, int kind, long ordinal, long dictionaryId, boolean delta, boolean[] selected,
                        FormatException.Location at) throws FormatException {
        String what = (kind == IpcChecksums.RECORD_BATCH ? "record batch " : "dictionary batch ") + ordinal;
        try {
            String batch = null;
            String buffers = null;
            for (int i = 0; i < message.customMetadataLength(); i++) {
                KeyValue kv = message.customMetadata(i);
                String key = kv.key();
                boolean isBatch = IpcChecksums.KEY.equals(key);
                if (isBatch || IpcChecksums.BUFFERS_KEY.equals(key)) {
                    if ((isBatch ? batch : buffers) != null || kv.value() == null) {
                        throw new FormatException(at.atByte(offset), what + " has a damaged " + key + " entry");
                    }
                    if (isBatch) {
                        batch = kv.value();
                    } else {
                        buffers = kv.value();
                    }
                }
            }
            if (batch == null && buffers == null) {
                return; // another writer's file, or one rewritten by another tool
            }
            String problem = IpcChecksums.verify(fb, body, kind, ordinal, message.bodyLength(), dictionaryId, delta,
                    batch, buffers, selected);
            if (problem != null) {
                throw new FormatException(at.atByte(offset), what + " is damaged: " + problem);
            }
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt metadata of " + what + " (" + e + ")", e);
        }
    }

    private void checkBuffers(RecordBatch fb, FormatException.Location at) throws FormatException {
        try {
            checkBuffersUnguarded(fb, at);
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(offset), "corrupt batch metadata (" + e + ")", e);
        }
    }

    private void checkBuffersUnguarded(RecordBatch fb, FormatException.Location at) throws FormatException {
        long bodyLength = body == null ? 0 : body.capacity();
        boolean compressed = fb.compression() != null;
        if (compressed && (fb.compression().codec() != org.apache.arrow.flatbuf.CompressionType.LZ4_FRAME
                && fb.compression().codec() != org.apache.arrow.flatbuf.CompressionType.ZSTD
                || fb.compression().method() != org.apache.arrow.flatbuf.BodyCompressionMethod.BUFFER)) {
            throw new FormatException(at.atByte(offset), "unknown body compression (codec " + fb.compression().codec()
                    + ", method " + fb.compression().method() + ")");
        }
        long declared = 0;
        for (int i = 0; i < fb.buffersLength(); i++) {
            Buffer buf = fb.buffers(i);
            if (buf.offset() < 0 || buf.length() < 0 || buf.offset() + buf.length() > bodyLength
                    || buf.offset() + buf.length() < 0) {
                throw new FormatException(at.atByte(offset), "buffer " + i + " (offset " + buf.offset() + ", length "
                        + buf.length() + ") lies outside the message body of " + bodyLength + " bytes");
            }
            if (compressed && buf.length() >= 8) {
                long uncompressed = body.getLong(buf.offset());
                declared += uncompressed < 0 ? buf.length() : Math.min(uncompressed, Integer.MAX_VALUE);
            } else {
                declared += buf.length();
            }
        }
        if (fb.length() < 0 || fb.length() > Integer.MAX_VALUE) {
            throw new FormatException(at.atByte(offset), "batch declares " + fb.length() + " rows");
        }
        // Arrow Java sizes vectors by the lengths the nodes declare before it checks them against the buffers, so
        // a corrupt length would allocate without bound. Every node of this layout has a buffer whose size grows
        // with its length, so no length may exceed the rows plus the bytes the buffers declare.
        long limit = fb.length() + declared;
        for (int i = 0; i < fb.nodesLength(); i++) {
            long length = fb.nodes(i).length();
            long nulls = fb.nodes(i).nullCount();
            if (length < 0 || length > limit || length > Integer.MAX_VALUE || nulls < 0 || nulls > length) {
                throw new FormatException(at.atByte(offset), "field node " + i + " declares length " + length
                        + " and null count " + nulls + ", impossible in a batch of " + fb.length() + " rows and "
                        + declared + " bytes");
            }
        }
    }

    @Override
    public void close() {
        if (body != null) {
            body.close();
            body = null;
        }
    }
}
