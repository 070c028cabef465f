package dev.tally.arrow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Some top-level columns of a batch: where their field nodes and buffers lie among those of every column (depth
 * first, in schema order, as the IPC format lays them out), so that only they are verified, decompressed, checked
 * and loaded.
 */
final class Projection {
    private final List<Field> fields = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<int[]> nodeRanges = new ArrayList<>();
    private final List<int[]> bufferRanges = new ArrayList<>();
    private final boolean[] buffers;

    private Projection(int bufferCount) {
        this.buffers = new boolean[bufferCount];
    }

    /**
     * The columns of {@code memory} (the fields as loaded: dictionary-encoded ones as their indices) named in
     * {@code columns}; null when {@code columns} is empty or names every column.
     *
     * @throws IllegalArgumentException if a name is not a column of the file
     */
    static Projection of(List<Field> memory, Set<String> columns, String source) {
        if (columns.isEmpty()) {
            return null;
        }
        Set<String> unknown = new LinkedHashSet<>(columns);
        for (Field f : memory) {
            unknown.remove(f.getName());
        }
        if (!unknown.isEmpty()) {
            List<String> have = memory.stream().map(Field::getName).toList();
            throw new IllegalArgumentException(source + " has no column " + String.join(", ", unknown)
                    + " (its columns: " + String.join(", ", have) + ")");
        }
        if (columns.size() == memory.size()) {
            return null;
        }
        Projection p = new Projection(buffers(memory));
        int node = 0;
        int buffer = 0;
        for (Field f : memory) {
            int n = nodes(f);
            int b = buffers(f);
            if (columns.contains(f.getName())) {
                p.fields.add(f);
                p.names.add(f.getName());
                p.nodeRanges.add(new int[] {node, node + n});
                p.bufferRanges.add(new int[] {buffer, buffer + b});
                java.util.Arrays.fill(p.buffers, buffer, buffer + b, true);
            }
            node += n;
            buffer += b;
        }
        return p;
    }

    /** Field nodes of a batch with these fields. */
    static int nodes(List<Field> fields) {
        int n = 0;
        for (Field f : fields) {
            n += nodes(f);
        }
        return n;
    }

    /** Buffers of a batch with these fields. */
    static int buffers(List<Field> fields) {
        int n = 0;
        for (Field f : fields) {
            n += buffers(f);
        }
        return n;
    }

    private static int nodes(Field f) {
        return 1 + nodes(f.getChildren());
    }

    private static int buffers(Field f) {
        return TypeLayout.getTypeBufferCount(f.getType()) + buffers(f.getChildren());
    }

    /** The loaded fields, in schema order. */
    List<Field> fields() {
        return fields;
    }

    List<String> names() {
        return names;
    }

    /** Which buffers of a batch of every column the loaded columns use. */
    boolean[] buffers() {
        return buffers;
    }

    /**
     * The loaded columns of {@code batch} (whose node and buffer counts have been checked) as a batch of their own,
     * sharing its buffers; the caller closes it.
     */
    ArrowRecordBatch of(ArrowRecordBatch batch) {
        List<ArrowFieldNode> nodes = new ArrayList<>();
        List<ArrowBuf> bufs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            nodes.addAll(batch.getNodes().subList(nodeRanges.get(i)[0], nodeRanges.get(i)[1]));
            bufs.addAll(batch.getBuffers().subList(bufferRanges.get(i)[0], bufferRanges.get(i)[1]));
        }
        return new ArrowRecordBatch(batch.getLength(), nodes, bufs, batch.getBodyCompression(),
                batch.getVariadicBufferCounts(), false);
    }
}
