package dev.tally.arrow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow's LZ4_FRAME buffer compression through lz4-java. Arrow Java's own codec goes through commons-compress,
 * which is orders of magnitude slower (apache/arrow-java#192). Frames are standard LZ4 frames (independent
 * blocks of up to 4 MiB), which pyarrow and every LZ4 frame decoder read. Frames with linked blocks, as Arrow C++
 * writes them, are read too.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();
    /** Frame header (at most 19 bytes), block headers and end mark, on top of the blocks' bound. */
    private static final int FRAME_OVERHEAD = 64;

    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
        int length = checkedLength(uncompressed.writerIndex());
        byte[] source = new byte[length];
        uncompressed.getBytes(0, source);
        LZ4FrameOutputStream.BLOCKSIZE blockSize = blockSizeFor(length);
        int blocks = length / (64 << 10) + 1;
        long bound = (long) LZ4.fastCompressor().maxCompressedLength(length) + 4L * blocks + FRAME_OVERHEAD;
        ArrowBuf out = allocator.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + bound);
        try (OutputStream sink = new ArrowBufOutput(out, CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
             LZ4FrameOutputStream frame = new LZ4FrameOutputStream(sink, blockSize,
                     length, LZ4.fastCompressor(), XXHASH.hash32(),
                     LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            frame.write(source);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return out;
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
        return decompressBody(allocator, compressed, readUncompressedLength(compressed));
    }

    /** Decompresses the frame after the 8-byte prefix into a new buffer of {@code expected} bytes. */
    ArrowBuf decompressBody(BufferAllocator allocator, ArrowBuf compressed, long expected) {
        int length = checkedLength(expected);
        int compressedLength = checkedLength(compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
        byte[] source = new byte[compressedLength];
        compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, source);
        byte[] target;
        try (InputStream in = frameInput(source)) {
            target = in.readNBytes(length);
            if (target.length != length || in.read() != -1) {
                throw new IllegalArgumentException("LZ4 frame holds " + (target.length == length ? "more" : "fewer")
                        + " than the " + length + " bytes its buffer declares");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt LZ4 frame: " + e.getMessage(), e);
        }
        ArrowBuf out = allocator.buffer(length);
        out.setBytes(0, target);
        out.writerIndex(length);
        return out;
    }

    @Override
    public CompressionUtil.CodecType getCodecType() {
        return CompressionUtil.CodecType.LZ4_FRAME;
    }

    /**
     * A decoder for the frame: lz4-java for independent blocks (what this library writes), commons-compress for
     * linked blocks, which lz4-java cannot decode and Arrow C++ writes (LZ4F's default preferences).
     */
    private static InputStream frameInput(byte[] frame) throws IOException {
        boolean independent = frame.length > 4 && (frame[4] & 0x20) != 0;
        if (independent) {
            return new LZ4FrameInputStream(new ByteArrayInputStream(frame), LZ4.safeDecompressor(), XXHASH.hash32());
        }
        return new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame));
    }

    /**
     * The smallest frame block size that holds the buffer in one block, at most 4 MiB. The streams allocate
     * buffers of the block size for every frame, so a small buffer must not pay for a 4 MiB block.
     */
    private static LZ4FrameOutputStream.BLOCKSIZE blockSizeFor(int length) {
        if (length <= 64 << 10) {
            return LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB;
        } else if (length <= 256 << 10) {
            return LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB;
        } else if (length <= 1 << 20) {
            return LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB;
        }
        return LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB;
    }

    private static int checkedLength(long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("buffer of " + length + " bytes is beyond what LZ4 frames hold here");
        }
        return (int) length;
    }

    /** Writes into a preallocated buffer from a start offset and sets its writer index as it goes. */
    private static final class ArrowBufOutput extends OutputStream {
        private final ArrowBuf buf;
        private long position;

        ArrowBufOutput(ArrowBuf buf, long start) {
            this.buf = buf;
            this.position = start;
            buf.writerIndex(start);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf.setByte(position++, b);
            buf.writerIndex(position);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            buf.setBytes(position, b, off, len);
            position += len;
            buf.writerIndex(position);
        }

        private void ensure(int len) {
            if (position + len > buf.capacity()) {
                throw new IllegalStateException("LZ4 frame exceeds its computed bound");
            }
        }
    }
}
