package dev.tally.arrow;

import dev.tally.core.FormatException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * Reads the encapsulated messages of the stream form one after another, counting bytes so that every error
 * names its offset. A cut in the middle of a message is reported as such; lengths are checked against the
 * input's size when it is known, and against fixed limits otherwise, before anything is allocated.
 */
final class StreamMessages {
    private final ReadableByteChannel in;
    private final long size;
    private final BufferAllocator allocator;
    private final FormatException.Location at;
    private final ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long position;
    private boolean ended;
    /** Whether the input must end with the end-of-stream marker: this library's writers always write it. */
    private boolean markerRequired;
    private ByteBuffer prefix;

    /**
     * @param size the input's length in bytes, or -1 when unknown
     * @param position the offset of the first byte {@code in} gives
     */
    StreamMessages(ReadableByteChannel in, long size, long position, BufferAllocator allocator, FormatException.Location at) {
        this.in = in;
        this.size = size;
        this.position = position;
        this.allocator = allocator;
        this.at = at;
    }

    /** Bytes already taken from the input (to recognise it) that are read again first. */
    void pushBack(byte[] bytes, int length) {
        prefix = ByteBuffer.wrap(bytes.clone(), 0, length);
    }

    void close() throws IOException {
        in.close();
    }

    /**
     * Makes an input that ends between messages without the end-of-stream marker an error: a stream of this
     * library's writers (it carries their checksums) always has the marker, so its absence means a writer that did
     * not finish, cut exactly after a batch.
     */
    void requireEndMarker() {
        markerRequired = true;
    }

    long position() {
        return position;
    }

    /** The next message, or null at the end-of-stream marker or a clean end of input between messages. */
    IpcMessage next() throws IOException {
        if (ended) {
            return null;
        }
        long start = position;
        word.clear();
        int got = readFully(word);
        if (got == 0) {
            if (markerRequired) {
                throw new FormatException(at.atByte(start), "no end-of-stream marker at byte " + start + ": the writer"
                        + " did not finish (tally recover can save the events before it)", new EOFException());
            }
            ended = true;
            return null; // the marker is optional in Arrow: other writers' input may end between messages
        }
        if (got < 4) {
            throw cut(start, "inside a message's length prefix");
        }
        int length = word.getInt(0);
        if (length == MessageSerializer.IPC_CONTINUATION_TOKEN) {
            word.clear();
            if (readFully(word) < 4) {
                throw cut(start, "inside a message's length prefix");
            }
            length = word.getInt(0);
        }
        if (length == 0) {
            ended = true;
            // A file holds one stream: bytes after its end-of-stream marker are a damaged length, not more data.
            if (size >= 0 && position < size) {
                throw new FormatException(at.atByte(start), "end-of-stream marker at byte " + start + ", but "
                        + (size - position) + " more bytes follow (a damaged message length?)");
            }
            return null;
        }
        if (length > 0 && length <= IpcMessage.MAX_METADATA_LENGTH && size >= 0 && length > size - position) {
            throw cut(start, "inside a message's metadata of " + length + " bytes");
        }
        if (length < 0 || length > IpcMessage.MAX_METADATA_LENGTH) {
            throw new FormatException(at.atByte(start), "message metadata length " + Integer.toUnsignedString(length)
                    + " is impossible here" + (size >= 0 ? " (" + (size - position) + " bytes remain)" : ""));
        }
        ByteBuffer metadata = readMetadata(start, length);
        Message message = IpcMessage.parseMetadata(metadata, at.atByte(start));
        long bodyLength = message.bodyLength();
        if (size >= 0 && bodyLength > size - position) {
            throw cut(start, "inside a message body: it declares " + bodyLength + " bytes, " + (size - position)
                    + " remain");
        }
        if (bodyLength > Integer.MAX_VALUE) {
            throw new FormatException(at.atByte(start), "message body of " + bodyLength + " bytes is beyond the 2 GiB this reader accepts");
        }
        return new IpcMessage(message, readBody(start, bodyLength), start);
    }

    /** First allocation for input of unknown length: memory then grows with the bytes that really arrive. */
    private static final int FIRST_CHUNK = 1 << 20;

    private ByteBuffer readMetadata(long start, int length) throws IOException {
        ByteBuffer metadata = ByteBuffer.allocate(size >= 0 ? length : Math.min(length, FIRST_CHUNK));
        while (true) {
            readFully(metadata);
            if (metadata.position() == length) {
                return metadata.flip();
            }
            if (metadata.hasRemaining()) {
                throw cut(start, "inside a message's metadata");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(length, 2L * metadata.capacity()));
            bigger.put(metadata.flip());
            metadata = bigger;
        }
    }

    private ArrowBuf readBody(long start, long length) throws IOException {
        ArrowBuf body = allocator.buffer(size >= 0 ? length : Math.min(length, FIRST_CHUNK));
        long filled = 0;
        try {
            while (true) {
                // The allocator may round the capacity up: never read past the body.
                ByteBuffer target = body.nioBuffer(filled, (int) (Math.min(body.capacity(), length) - filled));
                int got = readFully(target);
                filled += got;
                if (filled == length) {
                    body.writerIndex(length);
                    return body;
                }
                if (target.hasRemaining()) {
                    throw cut(start, "inside a message body of " + length + " bytes");
                }
                ArrowBuf bigger = allocator.buffer(Math.min(length, 2 * Math.min(body.capacity(), length)));
                bigger.setBytes(0, body, 0, filled);
                body.close();
                body = bigger;
            }
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    private FormatException cut(long messageStart, String where) {
        return new FormatException(at.atByte(messageStart), "input ends at byte " + (size >= 0 ? size : position) + ", " + where
                + " (the stream was cut: the batches before this message are complete)", new EOFException());
    }

    private int readFully(ByteBuffer b) throws IOException {
        int total = 0;
        while (prefix != null && prefix.hasRemaining() && b.hasRemaining()) {
            b.put(prefix.get());
            total++;
            position++;
        }
        while (b.hasRemaining()) {
            int n = in.read(b);
            if (n < 0) {
                break;
            }
            total += n;
            position += n;
        }
        return total;
    }
}
