package dev.tally.arrow;

import dev.tally.core.FormatException;
import dev.tally.core.columnar.Columns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.complex.UnionVector;

/**
 * The timestamps of a loaded batch ({@link ArrowEventReader#timestamps()}), read in place from the union's buffers
 * through NIO views, which do no copy. A loop over a batch's rows runs about twice as fast as one through the
 * vectors' {@code get}, which checks bounds and nulls at every call: a view's bounds checks are ones the JIT can
 * lift out of such a loop. Whether each row's member holds a value is checked once, when the view is made.
 *
 * <p>Valid until the reader loads another batch or closes. Not thread-safe.
 */
public final class TimestampColumn {
    /** Gathers the lowest bit of each of a long's 8 bytes (each 0 or 1) into its top byte: byte k to bit 56 + k. */
    private static final long GATHER_LOW_BITS = 0x0102040810204080L;
    private static final long NOT_LOW_BITS = 0xFEFEFEFEFEFEFEFEL;

    private final int rows;
    private final byte intTypeId;
    private final ByteBuffer typeIds;
    private final LongBuffer ints;
    private final DoubleBuffer floats;

    private TimestampColumn(int rows, byte intTypeId, ByteBuffer typeIds, LongBuffer ints, DoubleBuffer floats) {
        this.rows = rows;
        this.intTypeId = intTypeId;
        this.typeIds = typeIds;
        this.ints = ints;
        this.floats = floats;
    }

    /**
     * Views {@code union}'s first {@code rows} rows. The type ids name members (the reader's batch check made
     * sure); this checks that each row's member holds a value.
     *
     * @param at where the batch's first row is, for errors
     * @throws FormatException naming the first row whose member is null
     */
    static TimestampColumn of(UnionVector union, int rows, byte intTypeId, byte floatTypeId, FormatException.Location at,
                              long firstRow) throws FormatException {
        ArrowLayout.TimestampMembers members = ArrowLayout.TimestampMembers.of(union);
        if (rows == 0) {
            return new TimestampColumn(0, intTypeId, ByteBuffer.allocate(0), LongBuffer.allocate(0),
                    DoubleBuffer.allocate(0));
        }
        ByteBuffer types = view(union.getTypeBuffer(), rows);
        ByteBuffer intValid = view(members.ints().getValidityBuffer(), (rows + 7) / 8);
        ByteBuffer floatValid = view(members.floats().getValidityBuffer(), (rows + 7) / 8);
        int bad = firstNullMember(types, intValid, floatValid, rows, intTypeId, floatTypeId);
        if (bad >= 0) {
            throw new FormatException(at.atEvent(firstRow + bad).atField(Columns.TIMESTAMP),
                    "null " + (types.get(bad) == intTypeId ? "integer" : "float") + " timestamp");
        }
        return new TimestampColumn(rows, intTypeId, types,
                view(members.ints().getDataBuffer(), 8 * rows).asLongBuffer(),
                view(members.floats().getDataBuffer(), 8 * rows).asDoubleBuffer());
    }

    /** A little-endian view of the first {@code bytes} bytes of {@code buf}, refused if it is shorter. */
    private static ByteBuffer view(ArrowBuf buf, int bytes) {
        if (buf.capacity() < bytes) {
            throw new IllegalStateException("buffer of " + buf.capacity() + " bytes, " + bytes + " needed");
        }
        return buf.nioBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The first row whose member is null, or -1. */
    static int firstNullMember(ByteBuffer types, ByteBuffer intValid, ByteBuffer floatValid, int rows, byte intId,
                               byte floatId) {
        int start = 0;
        if (intId == 0 && floatId == 1) {
            // This library's type ids: eight rows at a time, their float bits gathered from the type id bytes.
            LongBuffer words = types.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            int whole = rows / 8;
            for (int w = 0; w < whole; w++) {
                long ids = words.get(w);
                if ((ids & NOT_LOW_BITS) != 0) {
                    start = 8 * w; // not 0 or 1: leave the rest to the row-by-row check
                    break;
                }
                int isFloat = (int) ((ids * GATHER_LOW_BITS) >>> 56);
                int isInt = ~isFloat & 0xFF;
                if ((isInt & ~intValid.get(w)) != 0 || (isFloat & ~floatValid.get(w)) != 0) {
                    start = 8 * w;
                    break;
                }
                start = 8 * (w + 1);
            }
        }
        for (int i = start; i < rows; i++) {
            byte id = types.get(i);
            ByteBuffer valid = id == intId ? intValid : id == floatId ? floatValid : null;
            if (valid == null || (valid.get(i >>> 3) & (1 << (i & 7))) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Rows in the batch. */
    public int rows() {
        return rows;
    }

    /** Whether row {@code row}'s timestamp is an integer; otherwise it is a float. */
    public boolean isInt(int row) {
        return typeIds.get(row) == intTypeId;
    }

    /** Row {@code row}'s integer timestamp; meaningful when {@link #isInt} (otherwise 0 or whatever was stored). */
    public long intValue(int row) {
        return ints.get(row);
    }

    /** Row {@code row}'s float timestamp; meaningful when not {@link #isInt}. */
    public double floatValue(int row) {
        return floats.get(row);
    }
}
