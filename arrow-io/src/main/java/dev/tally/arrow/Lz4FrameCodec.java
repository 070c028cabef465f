package dev.tally.arrow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
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
    private static final int MAGIC = 0x184D2204;
    /** Magic, FLG, BD, 8-byte content size, header checksum. */
    private static final int HEADER_LENGTH = 15;

    /**
     * Writes one LZ4 frame straight from the buffer into the output through lz4-java's block compressor, without
     * the heap copies of its stream API: the frame header (version 1, independent blocks, content size), each
     * block (stored raw when LZ4 does not shrink it), and the end mark, as the LZ4 frame format specifies.
     */
    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
        int length = checkedLength(uncompressed.writerIndex());
        LZ4FrameOutputStream.BLOCKSIZE blockSize = blockSizeFor(length);
        int block = 1 << (8 + 2 * blockSize.getIndicator());
        int blocks = (length + block - 1) / block;
        long bound = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + HEADER_LENGTH + 4L * blocks + length + 4;
        ArrowBuf out = allocator.buffer(bound);
        try {
            ByteBuffer src = uncompressed.nioBuffer(0, length);
            ByteBuffer dst = out.nioBuffer(0, (int) bound).order(ByteOrder.LITTLE_ENDIAN);
            int p = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
            dst.putInt(p, MAGIC);
            dst.put(p + 4, (byte) 0x68); // version 01, independent blocks, content size present
            dst.put(p + 5, (byte) (blockSize.getIndicator() << 4));
            dst.putLong(p + 6, length);
            int hash = XXHASH.hash32().hash(dst, p + 4, 10, 0);
            dst.put(p + 14, (byte) ((hash >> 8) & 0xff));
            p += HEADER_LENGTH;
            LZ4Compressor compressor = LZ4.fastCompressor();
            for (int from = 0; from < length; from += block) {
                int n = Math.min(block, length - from);
                int written;
                try {
                    written = compressor.compress(src, from, n, dst, p + 4, n - 1);
                } catch (LZ4Exception notSmaller) {
                    written = -1; // the block does not shrink: store it as it is
                }
                if (written > 0) {
                    dst.putInt(p, written);
                    p += 4 + written;
                } else {
                    dst.putInt(p, n | 0x80000000);
                    out.setBytes(p + 4, uncompressed, from, n);
                    p += 4 + n;
                }
            }
            dst.putInt(p, 0);
            out.writerIndex(p + 4L);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
        return decompressBody(allocator, compressed, readUncompressedLength(compressed));
    }

    /** Decompresses the frame after the 8-byte prefix into a new buffer of {@code expected} bytes. */
    ArrowBuf decompressBody(BufferAllocator allocator, ArrowBuf compressed, long expected) {
        int length = checkedLength(expected);
        int compressedLength = checkedLength(compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
        ArrowBuf direct = decodeIndependentBlocks(allocator, compressed, compressedLength, length);
        if (direct != null) {
            return direct;
        }
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
     * Decodes a frame of independent blocks (what this library writes) straight from buffer to buffer with
     * lz4-java's block decompressor; null for any other frame (linked blocks, a dictionary id), which the stream
     * decoders handle.
     */
    private static ArrowBuf decodeIndependentBlocks(BufferAllocator allocator, ArrowBuf compressed, int size, int length) {
        ByteBuffer src = compressed.nioBuffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, size).order(ByteOrder.LITTLE_ENDIAN);
        if (size < 7 || src.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not an LZ4 frame");
        }
        int flg = src.get(4) & 0xff;
        if ((flg & 0xc0) != 0x40 || (flg & 0x20) == 0 || (flg & 0x01) != 0) {
            return null; // another version's frame, linked blocks or a dictionary: the general decoder's job
        }
        int p = 6 + ((flg & 0x08) != 0 ? 8 : 0) + 1; // FLG, BD, optional content size, header checksum
        boolean blockChecksums = (flg & 0x10) != 0;
        ArrowBuf out = allocator.buffer(length);
        try {
            ByteBuffer dst = out.nioBuffer(0, length);
            int filled = 0;
            while (true) {
                if (p + 4 > size) {
                    throw new IllegalArgumentException("LZ4 frame ends inside a block header");
                }
                int word = src.getInt(p);
                p += 4;
                if (word == 0) {
                    break; // end mark; a content checksum may follow, which buffer lengths already vouch for
                }
                int n = word & 0x7fffffff;
                if (n > size - p) {
                    throw new IllegalArgumentException("LZ4 block of " + n + " bytes runs past the frame");
                }
                if ((word & 0x80000000) != 0) {
                    if (n > length - filled) {
                        throw new IllegalArgumentException("LZ4 frame holds more than the " + length + " bytes its buffer declares");
                    }
                    out.setBytes(filled, compressed, CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + p, n);
                    filled += n;
                } else {
                    try {
                        filled += LZ4.safeDecompressor().decompress(src, p, n, dst, filled, length - filled);
                    } catch (LZ4Exception e) {
                        throw new IllegalArgumentException("corrupt LZ4 block: " + e.getMessage(), e);
                    }
                }
                p += n + (blockChecksums ? 4 : 0);
            }
            if (filled != length) {
                throw new IllegalArgumentException("LZ4 frame holds fewer than the " + length + " bytes its buffer declares");
            }
            out.writerIndex(length);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * The general decoder, for frames the block path leaves: linked blocks, which lz4-java cannot decode and
     * Arrow C++ writes (LZ4F's default preferences), or a dictionary id.
     */
    private static InputStream frameInput(byte[] frame) throws IOException {
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
}
