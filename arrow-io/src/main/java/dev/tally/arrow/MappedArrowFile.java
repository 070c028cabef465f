package dev.tally.arrow;

import dev.tally.core.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * The file form, read through memory maps: the footer is parsed once, and each batch's body is handed out as
 * Arrow buffers over the mapped file, without a copy (compressed buffers are decompressed into new memory).
 */
final class MappedArrowFile {
    private static final int MAGIC_LENGTH = IpcWriter.MAGIC.length;
    /** Leading magic with padding, and trailing length plus magic. */
    private static final int MIN_SIZE = 8 + 4 + MAGIC_LENGTH;

    private final FileChannel channel;
    private final long size;
    private final BufferAllocator allocator;
    private final FormatException.Location at;
    private final ArrowFooter footer;
    private final long footerStart;
    private long[] firstRows;

    private MappedArrowFile(FileChannel channel, long size, BufferAllocator allocator, FormatException.Location at,
                            ArrowFooter footer, long footerStart) {
        this.channel = channel;
        this.size = size;
        this.allocator = allocator;
        this.at = at;
        this.footer = footer;
        this.footerStart = footerStart;
    }

    /** Whether {@code head} (the file's first bytes) starts with the file form's magic. */
    static boolean hasMagic(byte[] head) {
        return head.length >= MAGIC_LENGTH && Arrays.equals(head, 0, MAGIC_LENGTH, IpcWriter.MAGIC, 0, MAGIC_LENGTH);
    }

    static MappedArrowFile open(FileChannel channel, BufferAllocator allocator, FormatException.Location at)
            throws IOException {
        long size = channel.size();
        if (size < MIN_SIZE) {
            throw new FormatException(at.atByte(size), "Arrow file of " + size + " bytes is truncated: too short for its footer");
        }
        ByteBuffer tail = ByteBuffer.allocate(4 + MAGIC_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        readAt(channel, tail, size - tail.capacity());
        byte[] magic = new byte[MAGIC_LENGTH];
        tail.get(4, magic);
        if (!Arrays.equals(magic, IpcWriter.MAGIC)) {
            throw new FormatException(at.atByte(size), "Arrow file is truncated or corrupt: it does not end with the ARROW1 magic"
                    + " (a file-form writer that did not finish leaves no footer; the stream form survives that)");
        }
        int footerLength = tail.getInt(0);
        long footerStart = size - tail.capacity() - footerLength;
        if (footerLength <= 0 || footerStart < 8) {
            throw new FormatException(at.atByte(size - tail.capacity()), "Arrow file footer length " + footerLength
                    + " does not fit the file's " + size + " bytes");
        }
        ByteBuffer fb = ByteBuffer.allocate(footerLength);
        readAt(channel, fb, footerStart);
        ArrowFooter footer;
        try {
            Footer root = Footer.getRootAsFooter(fb.order(ByteOrder.LITTLE_ENDIAN));
            if (root.schema() == null) {
                throw new FormatException(at.atByte(footerStart), "Arrow file footer without a schema");
            }
            SchemaGuard.check(root.schema(), at.atByte(footerStart));
            footer = new ArrowFooter(root);
        } catch (RuntimeException e) {
            throw new FormatException(at.atByte(footerStart), "corrupt Arrow file footer (" + e + ")", e);
        }
        MappedArrowFile file = new MappedArrowFile(channel, size, allocator, at, footer, footerStart);
        file.checkBlocks(footer.getDictionaries(), "dictionary");
        file.checkBlocks(footer.getRecordBatches(), "record batch");
        return file;
    }

    private void checkBlocks(List<ArrowBlock> blocks, String what) throws FormatException {
        for (int i = 0; i < blocks.size(); i++) {
            ArrowBlock b = blocks.get(i);
            long end = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
            if (b.getOffset() < 8 || b.getMetadataLength() < 8 || b.getBodyLength() < 0 || end > footerStart || end < 0
                    || b.getMetadataLength() > IpcMessage.MAX_METADATA_LENGTH) {
                throw new FormatException(at.atByte(footerStart), "footer entry of " + what + " " + i + " (offset "
                        + b.getOffset() + ", metadata " + b.getMetadataLength() + ", body " + b.getBodyLength()
                        + " bytes) lies outside the file's data");
            }
        }
    }

    /** The index in the stream of the first row of record batch {@code index}, from the batches' headers. */
    long firstRow(int index) throws IOException {
        if (firstRows == null) {
            try {
                firstRows = batchStarts();
            } catch (RuntimeException e) {
                throw new FormatException(at.atByte(footerStart), "corrupt record batch header (" + e + ")", e);
            }
        }
        return firstRows[index];
    }

    private long[] batchStarts() throws IOException {
        {
            List<ArrowBlock> blocks = footer.getRecordBatches();
            long[] starts = new long[blocks.size() + 1];
            for (int i = 0; i < blocks.size(); i++) {
                ArrowBlock b = blocks.get(i);
                ByteBuffer meta = ByteBuffer.allocate(b.getMetadataLength());
                readAt(channel, meta, b.getOffset());
                meta.order(ByteOrder.LITTLE_ENDIAN);
                int prefix = meta.getInt(0) == MessageSerializer.IPC_CONTINUATION_TOKEN ? 8 : 4;
                Message m = IpcMessage.parseMetadata(meta.slice(prefix, meta.capacity() - prefix), at.atByte(b.getOffset()));
                org.apache.arrow.flatbuf.RecordBatch rb = (org.apache.arrow.flatbuf.RecordBatch)
                        m.header(new org.apache.arrow.flatbuf.RecordBatch());
                starts[i + 1] = starts[i] + rb.length();
            }
            return starts;
        }
    }

    ArrowFooter footer() {
        return footer;
    }

    /** Where the footer, which holds the schema, starts. */
    long footerStart() {
        return footerStart;
    }

    long size() {
        return size;
    }

    /** The message of {@code block}; its body is the mapped file, not a copy. */
    IpcMessage message(ArrowBlock block) throws IOException {
        long offset = block.getOffset();
        int metadataLength = block.getMetadataLength();
        long bodyLength = block.getBodyLength();
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, offset, metadataLength + bodyLength);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        int prefix = mapped.getInt(0) == MessageSerializer.IPC_CONTINUATION_TOKEN ? 8 : 4;
        int declared = mapped.getInt(prefix - 4);
        if (declared <= 0 || declared > metadataLength - prefix) {
            throw new FormatException(at.atByte(offset), "message metadata length " + declared
                    + " disagrees with the footer's " + metadataLength);
        }
        Message message = IpcMessage.parseMetadata(mapped.slice(prefix, declared), at.atByte(offset));
        if (message.bodyLength() != bodyLength) {
            throw new FormatException(at.atByte(offset), "message body length " + message.bodyLength()
                    + " disagrees with the footer's " + bodyLength);
        }
        ArrowBuf body = bodyLength == 0 ? allocator.getEmpty()
                : allocator.wrapForeignAllocation(new MappedRegion(mapped, metadataLength, bodyLength));
        body.writerIndex(bodyLength);
        return new IpcMessage(message, body, offset);
    }

    private static void readAt(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long p = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, p);
            if (n < 0) {
                throw new java.io.EOFException("file ended while reading at " + p);
            }
            p += n;
        }
        target.flip();
    }

    /** A part of a mapping; the mapping stays reachable as long as Arrow holds the buffer, and unmaps with it. */
    private static final class MappedRegion extends ForeignAllocation {
        @SuppressWarnings("unused")
        private final MappedByteBuffer mapping;

        MappedRegion(MappedByteBuffer mapping, long start, long length) {
            super(length, MemoryUtil.getByteBufferAddress(mapping) + start);
            this.mapping = mapping;
        }

        @Override
        protected void release0() {
            // The mapping is released by the garbage collector once this allocation is unreachable.
        }
    }
}
