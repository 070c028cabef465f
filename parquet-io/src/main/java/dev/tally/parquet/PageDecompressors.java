package dev.tally.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Decompresses the pages of one open file for parquet-java's page readers. ZSTD and Snappy call zstd-jni and
 * snappy-java directly with one reused context (parquet-java opens a zstd stream, and so a native context, per
 * page: a few percent of a full read); other codecs go to parquet-java's own factory. Each page's claimed
 * uncompressed size is checked against what the compressed bytes say before anything is allocated, so a damaged
 * page header cannot ask for gigabytes. One instance per open file: it is not thread-safe.
 */
final class PageDecompressors implements CompressionCodecFactory {
    /** Most bytes a zstd byte can stand for: a 4-byte RLE block (header and byte) holds at most 128 KiB. */
    private static final int MAX_ZSTD_RATIO = 32_768;

    private ZstdDecompressCtx zstd;
    private CompressionCodecFactory others;
    private final Decompressor zstdPages = new Decompressor(CompressionCodecName.ZSTD);
    private final Decompressor snappyPages = new Decompressor(CompressionCodecName.SNAPPY);
    private final Decompressor gzipPages = new Decompressor(CompressionCodecName.GZIP);
    /** Most bytes a deflate byte can stand for (zlib's technical note: 1032:1), with room for a gzip header. */
    private static final int MAX_DEFLATE_RATIO = 1032;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("reading only");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> zstdPages;
            case SNAPPY -> snappyPages;
            case GZIP -> gzipPages; // java.util.zip: parquet-java's would go through Hadoop's codec (and its warning)
            default -> others().getDecompressor(codec);
        };
    }

    private CompressionCodecFactory others() {
        if (others == null) {
            others = ParquetReadOptions.builder(new PlainParquetConfiguration()).build().getCodecFactory();
        }
        return others;
    }

    @Override
    public void release() {
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
        if (others != null) {
            others.release();
            others = null;
        }
    }

    /** The bytes of {@code src} (compressed with {@code codec}) uncompressed into exactly {@code size} bytes. */
    private byte[] uncompress(CompressionCodecName codec, byte[] src, int offset, int length, int size)
            throws IOException {
        if (size < 0) {
            throw new IOException(codec + " page claims " + size + " uncompressed bytes");
        }
        if (codec == CompressionCodecName.ZSTD) {
            long content = Zstd.getFrameContentSize(src, offset, length);
            // A frame that records its size (every writer's does) must agree with the page header; one that does
            // not is bounded by size, which the decompressor never writes past.
            if (content >= 0 && content != size && !concatenated(src, offset, length)) {
                throw new IOException("ZSTD page claims " + size + " uncompressed bytes, its frame " + content);
            }
            if (content < 0 && content != -1) { // -1: size unknown; other negatives: not a zstd frame
                throw new IOException("ZSTD page is not a zstd frame");
            }
            if (content == -1 && size > (long) length * MAX_ZSTD_RATIO) {
                throw new IOException("ZSTD page of " + length + " bytes claims " + size + " uncompressed bytes");
            }
            byte[] out = new byte[size];
            if (zstd == null) {
                zstd = new ZstdDecompressCtx();
            }
            int n;
            try {
                n = zstd.decompressByteArray(out, 0, size, src, offset, length);
            } catch (ZstdException e) {
                throw new IOException("ZSTD page does not decompress: " + e.getMessage(), e);
            }
            if (n != size) {
                throw new IOException("ZSTD page claims " + size + " uncompressed bytes, holds " + n);
            }
            return out;
        }
        if (codec == CompressionCodecName.GZIP) {
            return gunzip(src, offset, length, size);
        }
        int claimed;
        try {
            claimed = Snappy.uncompressedLength(src, offset, length);
        } catch (IOException e) {
            throw new IOException("Snappy page is not Snappy data: " + e.getMessage(), e);
        }
        if (claimed != size) {
            throw new IOException("Snappy page claims " + size + " uncompressed bytes, its data " + claimed);
        }
        byte[] out = new byte[size];
        int n;
        try {
            n = Snappy.uncompress(src, offset, length, out, 0);
        } catch (IOException e) {
            throw new IOException("Snappy page does not decompress: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new IOException("Snappy page claims " + size + " uncompressed bytes, holds " + n);
        }
        return out;
    }

    private static byte[] gunzip(byte[] src, int offset, int length, int size) throws IOException {
        if (size > (long) length * MAX_DEFLATE_RATIO + 64) {
            throw new IOException("GZIP page of " + length + " bytes claims " + size + " uncompressed bytes");
        }
        byte[] out = new byte[size];
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(src, offset, length), 1 << 14)) {
            int n = in.readNBytes(out, 0, size);
            if (n != size || in.read() >= 0) {
                throw new IOException("GZIP page claims " + size + " uncompressed bytes, holds "
                        + (n != size ? n : "more"));
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException("GZIP page does not decompress: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether more than one zstd frame follows (parquet-java never writes that; zstd itself allows it). */
    private static boolean concatenated(byte[] src, int offset, int length) {
        long frame = Zstd.findFrameCompressedSize(src, offset, length);
        return frame > 0 && frame < length;
    }

    /** One codec's pages. */
    private final class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            org.apache.parquet.bytes.ByteBufferInputStream in = bytes.toInputStream();
            ByteBuffer b = in.slice(in.available()); // a view of one buffer; a copy only if the page spans several
            if (b.hasArray()) {
                return BytesInput.from(uncompress(codec, b.array(), b.arrayOffset() + b.position(), b.remaining(),
                        uncompressedSize));
            }
            byte[] src = new byte[b.remaining()];
            b.get(src);
            return BytesInput.from(uncompress(codec, src, 0, src.length, uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] src = new byte[compressedSize];
            input.duplicate().get(src);
            output.put(uncompress(codec, src, 0, compressedSize, uncompressedSize));
        }

        @Override
        public void release() {
        }
    }
}
