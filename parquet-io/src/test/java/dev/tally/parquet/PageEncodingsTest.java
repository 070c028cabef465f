package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.bytestreamsplit.ByteStreamSplitValuesReaderForDouble;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;

/** Our encoders' bytes, decoded by parquet-java's decoders, give back every value. */
class PageEncodingsTest {
    private static final int[] SIZES = {0, 1, 2, 7, 8, 9, 31, 32, 33, 127, 128, 129, 130, 1000, 16_384};

    private static ByteBufferInputStream in(ByteSink s) {
        return ByteBufferInputStream.wrap(ByteBuffer.wrap(s.toByteArray()));
    }

    @Test
    void hybridRunsAndPackedGroupsDecodeToTheSameInts() throws Exception {
        Random r = new Random(1);
        for (int width : new int[] {0, 1, 2, 3, 7, 8, 9, 13, 16, 17, 24, 31}) {
            for (int n : SIZES) {
                for (int pattern = 0; pattern < 4; pattern++) {
                    int[] v = new int[n];
                    int max = width == 0 ? 0 : (int) ((1L << width) - 1);
                    for (int i = 0; i < n; i++) {
                        v[i] = switch (pattern) {
                            case 0 -> (int) (r.nextLong() & max); // hardly any runs
                            case 1 -> (i / 11) % 2 == 0 ? max : 0; // runs of 11 between
                            case 2 -> i % 13 < 3 ? (int) (r.nextLong() & max) : max; // short bits, long runs
                            default -> max; // one run
                        };
                    }
                    ByteSink s = new ByteSink(16);
                    PageEncodings.hybrid(v, n, width, s);
                    RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(width, in(s));
                    int[] ours = new int[n];
                    PageEncodings.decodeHybrid(ByteBuffer.wrap(s.toByteArray()), width, ours, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(v[i], d.readInt(), "width " + width + " n " + n + " pattern " + pattern + " at " + i);
                        assertEquals(v[i], ours[i], "ours: width " + width + " n " + n + " pattern " + pattern + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void deltaBinaryPackedGivesBackEveryLongIncludingWrappingDeltas() throws Exception {
        Random r = new Random(2);
        for (int n : SIZES) {
            for (int pattern = 0; pattern < 5; pattern++) {
                long[] v = new long[n];
                long t = r.nextLong();
                for (int i = 0; i < n; i++) {
                    v[i] = switch (pattern) {
                        case 0 -> 42; // constant: zero-width miniblocks
                        case 1 -> t += r.nextInt(1000); // rising timestamps
                        case 2 -> r.nextLong(); // full 64-bit deltas
                        case 3 -> i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE; // deltas that wrap
                        default -> r.nextInt(1 << 20) - (1 << 19); // small, both signs
                    };
                }
                ByteSink s = new ByteSink(16);
                PageEncodings.deltaBinaryPacked(v, n, s);
                DeltaBinaryPackingValuesReader d = new DeltaBinaryPackingValuesReader();
                d.initFromPage(n, in(s));
                for (int i = 0; i < n; i++) {
                    assertEquals(v[i], d.readLong(), "n " + n + " pattern " + pattern + " at " + i);
                }
            }
        }
    }

    @Test
    void byteStreamSplitGivesBackEveryDoubleBitForBit() throws Exception {
        Random r = new Random(3);
        for (int n : SIZES) {
            long[] bits = new long[n];
            for (int i = 0; i < n; i++) {
                double d = switch (i % 5) {
                    case 0 -> r.nextDouble() * 1e9;
                    case 1 -> -0.0;
                    case 2 -> Double.NaN;
                    case 3 -> Double.MIN_VALUE;
                    default -> i;
                };
                bits[i] = Double.doubleToRawLongBits(d);
            }
            ByteSink s = new ByteSink(16);
            PageEncodings.byteStreamSplit(bits, n, s);
            ByteStreamSplitValuesReaderForDouble d = new ByteStreamSplitValuesReaderForDouble();
            d.initFromPage(n, in(s));
            double[] ours = new double[n];
            PageEncodings.decodeByteStreamSplit(ByteBuffer.wrap(s.toByteArray()), n, ours);
            for (int i = 0; i < n; i++) {
                assertEquals(bits[i], Double.doubleToRawLongBits(d.readDouble()), "n " + n + " at " + i);
                assertEquals(bits[i], Double.doubleToRawLongBits(ours[i]), "ours, n " + n + " at " + i);
            }
        }
    }

    /**
     * The page size bounds a writer relies on to end row groups at the same rows whichever thread encodes pages hold
     * for the worst inputs: runs of exactly 8 after one odd value (each costing two headers), and deltas that need
     * all 64 bits in a padded miniblock.
     */
    @Test
    void encodedSizesStayWithinTheirBounds() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            int n = round < 40 ? round : 1 + random.nextInt(20_000);
            int width = 1 + random.nextInt(32);
            long max = width == 32 ? 0xffffffffL : (1L << width) - 1;
            int[] ints = new int[n];
            int pattern = round % 3;
            for (int i = 0; i < n; i++) {
                ints[i] = (int) switch (pattern) {
                    case 0 -> i % 9 == 0 ? max : 0; // one odd value, then a run of 8
                    case 1 -> random.nextLong() & max;
                    default -> (i / (1 + random.nextInt(12))) % 2 == 0 ? max : 0;
                };
            }
            ByteSink out = new ByteSink(16);
            PageEncodings.hybrid(ints, n, width, out);
            assertTrue(out.size() <= ColumnChunk.hybridBound(n, width),
                    n + " values of " + width + " bits, pattern " + pattern + ": " + out.size() + " bytes");
            long[] longs = new long[n];
            for (int i = 0; i < n; i++) {
                longs[i] = random.nextLong(); // deltas whose spread needs all 64 bits
            }
            ByteSink deltas = new ByteSink(16);
            PageEncodings.deltaBinaryPacked(longs, n, deltas);
            assertTrue(deltas.size() <= NumberChunk.deltaBound(n), n + " deltas: " + deltas.size() + " bytes");
        }
    }
}
