package dev.tally.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.util.Arrays;
import org.xerial.snappy.Snappy;

/**
 * Compresses page bytes with the file's codec, calling zstd-jni and snappy-java directly (the libraries under
 * parquet-java's codecs) with one reused context: pages are small and many, and per-page codec streams cost.
 */
final class PageCompressor implements AutoCloseable {
    /** parquet-java's and pyarrow's default ZSTD level. */
    static final int ZSTD_LEVEL = 3;

    private final ParquetCodec codec;
    private final ZstdCompressCtx zstd;
    private byte[] scratch = new byte[0];

    PageCompressor(ParquetCodec codec) {
        this.codec = codec;
        if (codec == ParquetCodec.ZSTD) {
            zstd = new ZstdCompressCtx();
            zstd.setLevel(ZSTD_LEVEL);
        } else {
            zstd = null;
        }
    }

    ParquetCodec codec() {
        return codec;
    }

    /** The first {@code length} bytes of {@code src}, compressed, in an array of their own. */
    byte[] compress(byte[] src, int length) throws IOException {
        switch (codec) {
            case NONE:
                return Arrays.copyOf(src, length);
            case SNAPPY: {
                byte[] out = scratch(Snappy.maxCompressedLength(length));
                int n = Snappy.compress(src, 0, length, out, 0);
                return Arrays.copyOf(out, n);
            }
            case ZSTD: {
                byte[] out = scratch((int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(length)));
                int n = zstd.compressByteArray(out, 0, out.length, src, 0, length);
                return Arrays.copyOf(out, n);
            }
            default:
                throw new AssertionError(codec);
        }
    }

    private byte[] scratch(int capacity) {
        if (scratch.length < capacity) {
            scratch = new byte[capacity];
        }
        return scratch;
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
    }
}
