package dev.tally.arrow;

import com.github.luben.zstd.Zstd;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The codecs used to write and read, with a bound on the size a compressed buffer may claim: a corrupt or
 * hostile length is refused before anything is allocated for it.
 */
final class Codecs implements CompressionCodec.Factory {
    static final Codecs INSTANCE = new Codecs(Integer.MAX_VALUE);

    /** The largest uncompressed buffer accepted; Arrow Java's vectors hold at most 2^31 bytes per buffer. */
    private final long maxUncompressed;

    Codecs(long maxUncompressed) {
        this.maxUncompressed = maxUncompressed;
    }

    /** The codec that writes with {@code codec}. */
    static CompressionCodec forWriting(ArrowCodec codec, int zstdLevel) {
        return switch (codec) {
            case NONE -> NoCompressionCodec.INSTANCE;
            case LZ4_FRAME -> new EmptyAsEmpty(new Lz4FrameCodec());
            case ZSTD -> new EmptyAsEmpty(new ZstdCompressionCodec(zstdLevel));
        };
    }

    /**
     * Writes an empty buffer as an empty buffer, as Arrow C++ does. Arrow Java's codecs give it an 8-byte length
     * prefix and no frame, which pyarrow refuses ("Lz4 compressed input contains less than one frame").
     */
    private record EmptyAsEmpty(CompressionCodec codec) implements CompressionCodec {
        @Override
        public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressedBuffer) {
            if (uncompressedBuffer.writerIndex() == 0) {
                uncompressedBuffer.close();
                return allocator.getEmpty();
            }
            return codec.compress(allocator, uncompressedBuffer);
        }

        @Override
        public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressedBuffer) {
            return codec.decompress(allocator, compressedBuffer);
        }

        @Override
        public CompressionUtil.CodecType getCodecType() {
            return codec.getCodecType();
        }
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType codecType) {
        return switch (codecType) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case LZ4_FRAME -> new Checked(new Lz4FrameCodec());
            case ZSTD -> new Checked(new ZstdCompressionCodec());
        };
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType codecType, int compressionLevel) {
        return createCodec(codecType);
    }

    /**
     * The batch with every buffer decompressed, or the batch itself when it is not compressed. Unlike Arrow Java's
     * loader, a failure part way releases every buffer already made, and the source batch stays the caller's.
     *
     * @throws IllegalArgumentException if a buffer is corrupt or declares an impossible length
     */
    ArrowRecordBatch decompress(ArrowRecordBatch batch, BufferAllocator allocator) {
        CompressionUtil.CodecType type =
                CompressionUtil.CodecType.fromCompressionType(batch.getBodyCompression().getCodec());
        if (type == CompressionUtil.CodecType.NO_COMPRESSION) {
            return batch;
        }
        List<ArrowBuf> plain = new ArrayList<>();
        try {
            for (ArrowBuf b : batch.getBuffers()) {
                plain.add(decompress(type, b, allocator));
            }
            return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), plain,
                    NoCompressionCodec.DEFAULT_BODY_COMPRESSION, batch.getVariadicBufferCounts(), false);
        } finally {
            plain.forEach(ArrowBuf::close); // the new batch holds its own references
        }
    }

    private ArrowBuf decompress(CompressionUtil.CodecType type, ArrowBuf b, BufferAllocator allocator) {
        long size = b.writerIndex();
        if (size == 0) {
            return allocator.getEmpty();
        }
        if (size < CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH) {
            throw new IllegalArgumentException("compressed buffer of " + size + " bytes lacks its 8-byte length prefix");
        }
        long length = b.getLong(0);
        long payload = size - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
        if (length == CompressionUtil.NO_COMPRESSION_LENGTH) {
            ArrowBuf raw = b.slice(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, payload);
            raw.getReferenceManager().retain();
            return raw;
        }
        if (length < 0 || length > maxUncompressed) {
            throw new IllegalArgumentException("compressed buffer claims " + length + " uncompressed bytes");
        }
        if (length == 0) {
            return allocator.getEmpty();
        }
        if (type == CompressionUtil.CodecType.LZ4_FRAME) {
            // LZ4 expands at most about 255 times: a larger claim is a lie, refused before allocating for it.
            if (length > payload * 256 + (64 << 10)) {
                throw new IllegalArgumentException("LZ4 buffer of " + payload + " bytes claims " + length + " uncompressed");
            }
            return new Lz4FrameCodec().decompressBody(allocator, b, length);
        }
        // A Zstandard frame states its content size (zstd-jni and Arrow C++ write it): it must agree with the prefix.
        byte[] header = new byte[(int) Math.min(payload, 18)];
        b.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, header);
        long declared = Zstd.getFrameContentSize(header, 0, header.length);
        if (declared < -1) {
            throw new IllegalArgumentException("compressed buffer does not start with a Zstandard frame");
        }
        if (declared >= 0 && declared != length) { // -1: the frame does not say; the prefix's bound applies
            throw new IllegalArgumentException("ZSTD frame holds " + declared + " bytes, its prefix says " + length);
        }
        ArrowBuf out = allocator.buffer(length);
        try {
            long n = Zstd.decompressUnsafe(out.memoryAddress(), length,
                    b.memoryAddress() + CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, payload);
            if (Zstd.isError(n)) {
                throw new IllegalArgumentException("corrupt ZSTD buffer: " + Zstd.getErrorName(n));
            }
            if (n != length) {
                throw new IllegalArgumentException("ZSTD buffer holds " + n + " bytes, its prefix says " + length);
            }
            out.writerIndex(length);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * A codec for Arrow Java's own readers that decompresses through {@link #decompress(ArrowRecordBatch,
     * BufferAllocator)}'s checks: the same bounds on claimed lengths, the same decoders.
     */
    private final class Checked implements CompressionCodec {
        private final CompressionCodec codec;

        Checked(CompressionCodec codec) {
            this.codec = codec;
        }

        @Override
        public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressedBuffer) {
            return codec.compress(allocator, uncompressedBuffer);
        }

        /** Takes ownership of the compressed buffer, as Arrow's codecs do. */
        @Override
        public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressedBuffer) {
            try {
                return Codecs.this.decompress(codec.getCodecType(), compressedBuffer, allocator);
            } finally {
                compressedBuffer.close();
            }
        }

        @Override
        public CompressionUtil.CodecType getCodecType() {
            return codec.getCodecType();
        }
    }
}
