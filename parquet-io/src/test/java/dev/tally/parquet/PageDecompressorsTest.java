package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class PageDecompressorsTest {
    private static final byte[] PAGE = "timestamp,timestamp,timestamp: a page of repeating bytes, 0123456789"
            .repeat(200).getBytes(StandardCharsets.UTF_8);

    private static byte[] decompress(CompressionCodecName codec, byte[] compressed, int size) throws IOException {
        PageDecompressors factory = new PageDecompressors();
        try {
            BytesInputDecompressor d = factory.getDecompressor(codec);
            return bytes(d.decompress(BytesInput.from(compressed), size));
        } finally {
            factory.release();
        }
    }

    private static byte[] bytes(BytesInput in) throws IOException {
        byte[] out = new byte[Math.toIntExact(in.size())];
        in.toInputStream().read(out);
        return out;
    }

    @Test
    void zstdPagesComeBackExactlyThroughOneReusedContext() throws IOException {
        PageDecompressors factory = new PageDecompressors();
        try {
            BytesInputDecompressor d = factory.getDecompressor(CompressionCodecName.ZSTD);
            for (int i = 0; i < 3; i++) {
                byte[] page = java.util.Arrays.copyOf(PAGE, PAGE.length - i * 7);
                assertArrayEquals(page, bytes(d.decompress(BytesInput.from(Zstd.compress(page)), page.length)));
            }
            ByteBuffer out = ByteBuffer.allocate(PAGE.length);
            byte[] compressed = Zstd.compress(PAGE);
            d.decompress(ByteBuffer.wrap(compressed), compressed.length, out, PAGE.length);
            assertArrayEquals(PAGE, out.array());
        } finally {
            factory.release();
        }
    }

    @Test
    void aZstdPageWhoseHeaderClaimsAnotherSizeIsRefusedNamingBoth() {
        IOException e = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.ZSTD, Zstd.compress(PAGE), PAGE.length + 1));
        assertTrue(e.getMessage().contains(String.valueOf(PAGE.length + 1))
                && e.getMessage().contains(String.valueOf(PAGE.length)), e.getMessage());
    }

    @Test
    void aZstdFrameWithoutItsSizeCannotClaimMoreThanItCouldHold() throws IOException {
        byte[] compressed;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setContentSize(false);
            compressed = ctx.compress(PAGE);
        }
        assertArrayEquals(PAGE, decompress(CompressionCodecName.ZSTD, compressed, PAGE.length));
        IOException e = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.ZSTD, compressed, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("claims " + Integer.MAX_VALUE), e.getMessage());
    }

    @Test
    void bytesThatAreNotZstdAreRefused() {
        IOException e = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.ZSTD, PAGE, PAGE.length));
        assertTrue(e.getMessage().startsWith("ZSTD page"), e.getMessage());
    }

    @Test
    void aTruncatedZstdPageIsRefused() {
        byte[] compressed = Zstd.compress(PAGE);
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length - 3);
        assertThrows(IOException.class, () -> decompress(CompressionCodecName.ZSTD, cut, PAGE.length));
    }

    @Test
    void snappyPagesComeBackExactlyAndASizeMismatchIsRefused() throws IOException {
        byte[] compressed = Snappy.compress(PAGE);
        assertArrayEquals(PAGE, decompress(CompressionCodecName.SNAPPY, compressed, PAGE.length));
        IOException e = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.SNAPPY, compressed, 1 << 30));
        assertTrue(e.getMessage().contains(String.valueOf(1 << 30)), e.getMessage());
    }

    @Test
    void gzipPagesAreDecompressedByJavaUtilZipNotHadoopsCodec() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(PAGE);
        }
        assertArrayEquals(PAGE, decompress(CompressionCodecName.GZIP, bytes.toByteArray(), PAGE.length));
        // Hadoop's codec printed "Unable to load native-hadoop library" on the first gzip page
        PageDecompressors factory = new PageDecompressors();
        assertTrue(factory.getDecompressor(CompressionCodecName.GZIP).getClass().getName()
                .startsWith(PageDecompressors.class.getName()));
        factory.release();
        IOException big = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.GZIP, bytes.toByteArray(), 1 << 30));
        assertTrue(big.getMessage().contains("claims " + (1 << 30)), big.getMessage());
        IOException small = assertThrows(IOException.class,
                () -> decompress(CompressionCodecName.GZIP, bytes.toByteArray(), PAGE.length - 1));
        assertTrue(small.getMessage().contains("holds more"), small.getMessage());
    }
}
