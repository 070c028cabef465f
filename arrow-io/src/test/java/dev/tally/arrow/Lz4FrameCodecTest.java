package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

class Lz4FrameCodecTest extends AllocatorTest {
    /** Compressible data larger than one 64 KiB block, so that linked blocks refer back across blocks. */
    private static byte[] data(int n) {
        byte[] b = new byte[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251 < 200 ? i % 13 : r.nextInt());
        }
        return b;
    }

    private ArrowBuf buffer(byte[] bytes) {
        ArrowBuf b = allocator.buffer(bytes.length);
        b.setBytes(0, bytes);
        b.writerIndex(bytes.length);
        return b;
    }

    @Test
    void roundTripsThroughItsOwnFrames() {
        byte[] original = data(3_000_000);
        Lz4FrameCodec codec = new Lz4FrameCodec();
        ArrowBuf compressed = codec.compress(allocator, buffer(original));
        ArrowBuf back = codec.decompress(allocator, compressed);
        byte[] got = new byte[original.length];
        back.getBytes(0, got);
        back.close();
        assertArrayEquals(original, got);
    }

    @Test
    void decodesFramesWithLinkedBlocksAsArrowCppWritesThem() throws Exception {
        byte[] original = data(700_000);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        FramedLZ4CompressorOutputStream.Parameters linked = new FramedLZ4CompressorOutputStream.Parameters(
                FramedLZ4CompressorOutputStream.BlockSize.K64, true, false, true,
                BlockLZ4CompressorOutputStream.createParameterBuilder().build());
        try (FramedLZ4CompressorOutputStream out = new FramedLZ4CompressorOutputStream(frame, linked)) {
            out.write(original);
        }
        byte[] body = frame.toByteArray();
        assertEquals(0, body[4] & 0x20, "the frame must declare linked blocks");
        byte[] withLength = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(original.length).put(body).array();
        ArrowBuf back = new Lz4FrameCodec().decompress(allocator, buffer(withLength));
        byte[] got = new byte[original.length];
        back.getBytes(0, got);
        back.close();
        assertArrayEquals(original, got);
    }

    @Test
    void aFrameShorterThanItsDeclaredLengthIsRefused() {
        Lz4FrameCodec codec = new Lz4FrameCodec();
        ArrowBuf compressed = codec.compress(allocator, buffer(data(100_000)));
        compressed.setLong(0, 100_001);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decompress(allocator, compressed));
        assertEquals("LZ4 frame holds fewer than the 100001 bytes its buffer declares", e.getMessage());
        compressed.close();
    }
}
