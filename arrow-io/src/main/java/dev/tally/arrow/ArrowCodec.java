package dev.tally.arrow;

import java.util.Locale;
import org.apache.arrow.vector.compression.CompressionUtil;

/** Buffer compression of the record and dictionary batches (Arrow IPC {@code BodyCompression}). */
public enum ArrowCodec {
    /** Buffers as they are: the fastest to write and read, the largest. */
    NONE("none", CompressionUtil.CodecType.NO_COMPRESSION),
    /** LZ4 frames, through lz4-java: fast, moderately small. */
    LZ4_FRAME("lz4", CompressionUtil.CodecType.LZ4_FRAME),
    /** Zstandard (level 3 by default), through zstd-jni: smaller, somewhat slower. */
    ZSTD("zstd", CompressionUtil.CodecType.ZSTD);

    private final String cliName;
    private final CompressionUtil.CodecType arrowType;

    ArrowCodec(String cliName, CompressionUtil.CodecType arrowType) {
        this.cliName = cliName;
        this.arrowType = arrowType;
    }

    /** The short name used on the command line: {@code none}, {@code lz4} or {@code zstd}. */
    public String cliName() {
        return cliName;
    }

    CompressionUtil.CodecType arrowType() {
        return arrowType;
    }

    /** The codec named {@code name} ({@code none}, {@code lz4}, {@code lz4_frame}, {@code zstd}, any case). */
    public static ArrowCodec parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ArrowCodec c : values()) {
            if (c.cliName.equals(n) || c.name().toLowerCase(Locale.ROOT).equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown codec '" + name + "': expected none, lz4 or zstd");
    }
}
