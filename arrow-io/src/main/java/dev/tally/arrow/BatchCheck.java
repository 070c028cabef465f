package dev.tally.arrow;

import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Checks a decompressed record batch against the fields it is loaded into, before Arrow Java loads it. Arrow
 * Java sizes vectors from the lengths and offsets it is given and only validates them afterwards, so a corrupt
 * offset would make it allocate without bound; here every buffer must be large enough for its node's length,
 * every offset buffer must rise within its data, every union type id must name a member, and children must be as
 * long as their parents need. With Arrow Java's buffer check afterwards, this replaces its O(n) data validation,
 * which costs more than reading the batch.
 */
final class BatchCheck {
    private final Iterator<ArrowFieldNode> nodes;
    private final Iterator<ArrowBuf> buffers;

    private BatchCheck(ArrowRecordBatch batch) {
        this.nodes = batch.getNodes().iterator();
        this.buffers = batch.getBuffers().iterator();
    }

    /**
     * @throws IllegalArgumentException naming the field and the problem
     */
    static void check(List<Field> fields, ArrowRecordBatch batch) {
        BatchCheck c = new BatchCheck(batch);
        for (Field f : fields) {
            long length = c.field(f, f.getName());
            if (length != batch.getLength()) {
                throw new IllegalArgumentException(f.getName() + ": " + length + " values in a batch of " + batch.getLength() + " rows");
            }
        }
        if (c.nodes.hasNext() || c.buffers.hasNext()) {
            throw new IllegalArgumentException("the batch has more field nodes or buffers than the schema");
        }
    }

    /** Checks one field and its children; returns its length. */
    private long field(Field f, String path) {
        if (!nodes.hasNext()) {
            throw new IllegalArgumentException(path + ": the batch has no field node for it");
        }
        ArrowFieldNode node = nodes.next();
        long n = node.getLength();
        ArrowType type = f.getType();
        long lastOffset = -1;
        for (BufferLayout layout : TypeLayout.getTypeLayout(type).getBufferLayouts()) {
            if (!buffers.hasNext()) {
                throw new IllegalArgumentException(path + ": the batch lacks a buffer");
            }
            ArrowBuf b = buffers.next();
            long size = b.writerIndex();
            switch (layout.getType()) {
                case VALIDITY -> {
                    if (size == 0 ? node.getNullCount() > 0 : size < (n + 7) / 8) {
                        throw new IllegalArgumentException(path + ": validity buffer of " + size + " bytes for " + n + " values");
                    }
                }
                case OFFSET -> {
                    if (n > 0 && size < 4 * (n + 1)) {
                        throw new IllegalArgumentException(path + ": offset buffer of " + size + " bytes for " + n + " values");
                    }
                    lastOffset = n == 0 ? 0 : checkOffsets(b, n, path);
                }
                case DATA -> {
                    long need = type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary
                            ? Math.max(lastOffset, 0) : (n * layout.getTypeBitWidth() + 7) / 8;
                    if (size < need) {
                        throw new IllegalArgumentException(path + ": data buffer of " + size + " bytes, " + need + " needed");
                    }
                }
                case TYPE -> {
                    if (size < n) {
                        throw new IllegalArgumentException(path + ": type buffer of " + size + " bytes for " + n + " values");
                    }
                    checkTypeIds(b, n, (ArrowType.Union) type, f.getChildren().size(), path);
                }
                default -> throw new IllegalArgumentException(path + ": buffers of type " + layout.getType()
                        + " are not part of this layout");
            }
        }
        for (Field child : f.getChildren()) {
            long childLength = field(child, path + "." + child.getName());
            long need = type instanceof ArrowType.List || type instanceof ArrowType.Map ? Math.max(lastOffset, 0) : n;
            if (childLength < need) {
                throw new IllegalArgumentException(path + "." + child.getName() + ": " + childLength
                        + " values, " + need + " needed");
            }
        }
        return n;
    }

    /** Checks that every type id names a member of the union. */
    private static void checkTypeIds(ArrowBuf b, long n, ArrowType.Union union, int members, String path) {
        boolean[] known = new boolean[128];
        int[] ids = union.getTypeIds();
        for (int i = 0; i < members; i++) {
            int id = ids == null ? i : ids[i];
            if (id >= 0 && id < known.length) {
                known[id] = true;
            }
        }
        long address = b.memoryAddress();
        for (long i = 0; i < n; i++) {
            byte id = MemoryUtil.getByte(address + i);
            if (id < 0 || !known[id]) {
                throw new IllegalArgumentException(path + ": row " + i + " has union type id " + id
                        + ", which names no member");
            }
        }
    }

    /** Checks that offsets start at 0 or more and never fall; returns the last one. The size was checked. */
    private static long checkOffsets(ArrowBuf b, long n, String path) {
        long address = b.memoryAddress();
        int previous = MemoryUtil.getInt(address);
        if (previous < 0) {
            throw new IllegalArgumentException(path + ": negative first offset " + previous);
        }
        for (long i = 1; i <= n; i++) {
            int o = MemoryUtil.getInt(address + 4 * i);
            if (o < previous) {
                throw new IllegalArgumentException(path + ": offset " + i + " (" + o + ") is below the one before (" + previous + ")");
            }
            previous = o;
        }
        return previous;
    }
}
