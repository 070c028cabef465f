package dev.tally.parquet;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Page compression of the Parquet files written. */
public enum ParquetCodec {
    /** Pages as they are. */
    NONE("none", CompressionCodecName.UNCOMPRESSED),
    /** Snappy: fast, moderately small, read everywhere. */
    SNAPPY("snappy", CompressionCodecName.SNAPPY),
    /** Zstandard: small; the default. */
    ZSTD("zstd", CompressionCodecName.ZSTD);

    private final String cliName;
    private final CompressionCodecName parquetName;

    ParquetCodec(String cliName, CompressionCodecName parquetName) {
        this.cliName = cliName;
        this.parquetName = parquetName;
    }

    /** The short name used on the command line. */
    public String cliName() {
        return cliName;
    }

    CompressionCodecName parquetName() {
        return parquetName;
    }

    /** The codec named {@code name} ({@code none}, {@code snappy}, {@code zstd}, any case). */
    public static ParquetCodec parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ParquetCodec c : values()) {
            if (c.cliName.equals(n) || c.name().toLowerCase(Locale.ROOT).equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown Parquet codec '" + name + "': expected none, snappy or zstd");
    }
}
