package dev.tally.arrow;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** An {@link ArrowEventReader}'s batches as an Arrow Java {@link ArrowReader}: its root and dictionaries as they are. */
final class ReaderBatches extends ArrowReader {
    private final ArrowEventReader reader;

    ReaderBatches(ArrowEventReader reader, BufferAllocator allocator) {
        super(allocator);
        this.reader = reader;
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return reader.root();
    }

    @Override
    public Map<Long, Dictionary> getDictionaryVectors() {
        Map<Long, Dictionary> out = new HashMap<>();
        for (long id : reader.dictionaries().getDictionaryIds()) {
            out.put(id, reader.dictionaries().lookup(id));
        }
        return out;
    }

    @Override
    public Dictionary lookup(long id) {
        return reader.dictionaries().lookup(id);
    }

    @Override
    public Set<Long> getDictionaryIds() {
        return reader.dictionaries().getDictionaryIds();
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        return reader.loadNextBatch();
    }

    /** Unknown here: the file form is mapped, not read. */
    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        reader.close();
    }

    @Override
    protected Schema readSchema() {
        return reader.schema();
    }
}
