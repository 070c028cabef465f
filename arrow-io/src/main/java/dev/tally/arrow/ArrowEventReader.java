package dev.tally.arrow;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.StreamHeader;
import dev.tally.core.columnar.Columns;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.validate.ValidateVectorBufferVisitor;

/**
 * Reads a counter event stream written in the columnar layout as Arrow IPC, either form, as batches of Arrow
 * vectors or as events.
 *
 * <p>The file form is memory-mapped: a batch's vectors are views of the file, not copies (unless compressed),
 * and {@link #loadBatch(int)} reads any batch directly. The stream form is read in order, from a file or any
 * input stream; if it was cut (a writer that died), every complete batch is returned and then a
 * {@link FormatException} says at which byte it ends.
 *
 * <p>Every batch is checked before it is handed out: its structure, and the checksums this library's writers put
 * in the schema, each batch message and the footer (FORMAT.md, "Checksums"), so a damaged file gives an error
 * rather than a changed value. Files from other writers, without checksums, get the structural checks.
 *
 * <p>{@link #next()} and {@link #loadNextBatch()} share one cursor: {@code next()} returns the rows of the
 * loaded batch and then loads the next one. Vectors and dictionaries belong to the reader and are valid until
 * the next load or {@link #close()}.
 *
 * <p>Not thread-safe: one reader per thread (several readers may read one file at once).
 */
public final class ArrowEventReader implements EventReader {
    /**
     * How a file is read: which top-level columns are loaded (none named: all) and whether batch checksums are
     * verified.
     *
     * <p>A reader that loads some columns verifies, decompresses, checks and loads only theirs, so a scan of one
     * column costs that column's bytes; it gives batches ({@link #loadNextBatch()}, {@link #root()}, holding only
     * those columns), not events. Without batch verification a damaged value buffer gives a changed value: for files
     * known to be intact. The schema's and the footer's checksums are verified either way.
     */
    public record ReadOptions(Set<String> columns, boolean verifyBatches) {
        /** Every column, batch checksums verified. */
        public static final ReadOptions DEFAULT = new ReadOptions(Set.of(), true);

        public ReadOptions {
            columns = Set.copyOf(columns);
        }

        /** These options, loading only the named top-level columns (such as {@code "timestamp"}). */
        public ReadOptions withColumns(String... names) {
            return new ReadOptions(Set.copyOf(Arrays.asList(names)), verifyBatches);
        }

        /** These options, verifying batch checksums or not. */
        public ReadOptions withVerifyBatches(boolean verify) {
            return new ReadOptions(columns, verify);
        }
    }

    private final FormatException.Location at;
    private final DeferredClose allocatorOwner;
    private final BufferAllocator allocator;
    private final ArrowForm form;
    private final FileChannel channel;
    private final MappedArrowFile file;
    private final StreamMessages stream;
    private final ArrowLayout.Parsed layout;
    private final VectorSchemaRoot root;
    private final Map<Long, Dictionary> dictionaries = new HashMap<>();
    /** Each dictionary's strings, one list per dictionary for the reader's life, updated in place. */
    private final Map<Long, List<String>> dictionaryValues = new HashMap<>();
    private final java.util.Set<Long> loadedDictionaries = new java.util.HashSet<>();
    private final DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
    /** Null when only some columns are loaded: events need them all. */
    private final RowDecoder decoder;
    /** Whether batch checksums are verified; the schema's and the footer's always are. */
    private final boolean verifyBatches;
    /** The loaded columns' field nodes and buffers in a batch of every column, or null when all are loaded. */
    private final Projection projection;
    /** Field nodes and buffers of a record batch of every column. */
    private final int nodeCount;
    private final int bufferCount;
    /** Dictionary batches read so far from the stream form: the next one's ordinal. */
    private long dictionaryOrdinal;
    private int batchIndex = -1;
    private ArrowCodec batchCodec = ArrowCodec.NONE;
    private long firstRowIndex;
    private int row;
    private long nextFileBatch;
    private boolean closed;

    private ArrowEventReader(String source, BufferAllocator parent, FileChannel channel, ReadableByteChannel in,
                             long size, ReadOptions options) throws IOException {
        ArrowRuntime.check();
        this.at = FormatException.Location.UNKNOWN.inSource(source);
        // Batches exported through the C Data Interface may outlive this reader: its memory is freed when they are.
        this.allocatorOwner = DeferredClose.childOf(parent, "arrow-event-reader");
        this.allocator = allocatorOwner.allocator();
        this.channel = channel;
        this.verifyBatches = options.verifyBatches();
        VectorSchemaRoot createdRoot = null;
        try {
            byte[] head = new byte[8];
            int got = peek(channel, in, head);
            Schema schema;
            FormatException.Location schemaAt;
            if (channel != null && MappedArrowFile.hasMagic(head)) {
                form = ArrowForm.FILE;
                file = MappedArrowFile.open(channel, allocator, at);
                stream = null;
                schema = file.footer().getSchema();
                schemaAt = at.atByte(file.footerStart());
            } else {
                checkStreamStart(head, got);
                form = ArrowForm.STREAM;
                file = null;
                if (channel != null) {
                    stream = new StreamMessages(channel.position(0), size, 0, allocator, at);
                } else {
                    stream = new StreamMessages(in, size, 0, allocator, at);
                    stream.pushBack(head, got);
                }
                schema = readStreamSchema();
                schemaAt = at.atByte(0);
            }
            verifyHeaderChecksums(schema, schemaAt);
            if (stream != null && schema.getCustomMetadata().containsKey(IpcChecksums.SCHEMA_CRC_KEY)) {
                stream.requireEndMarker();
            }
            layout = ArrowLayout.parse(schema, schemaAt);
            List<Field> memory = new ArrayList<>();
            for (Field f : schema.getFields()) {
                DictionaryEncoding d = f.getDictionary();
                if (d != null) {
                    memory.add(ArrowLayout.indexField(f));
                    Field valueField = new Field(f.getName() + RowDecoder.DICTIONARY_SUFFIX, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
                    Dictionary dictionary = new Dictionary(new VarCharVector(valueField, allocator), d);
                    if (dictionaries.put(d.getId(), dictionary) != null) {
                        throw new FormatException(schemaAt.atField(f.getName()), "dictionary id " + d.getId() + " is used twice");
                    }
                    provider.put(dictionary);
                    dictionaryValues.put(d.getId(), new ArrayList<>());
                } else {
                    memory.add(f);
                }
            }
            projection = Projection.of(memory, options.columns(), source);
            nodeCount = Projection.nodes(memory);
            bufferCount = Projection.buffers(memory);
            try {
                createdRoot = VectorSchemaRoot.create(new Schema(projection == null ? memory : projection.fields(),
                        schema.getCustomMetadata()), allocator);
            } catch (RuntimeException e) {
                throw new FormatException(schemaAt, "the schema's columns cannot be built (" + e.getMessage() + ")", e);
            }
            root = createdRoot;
            decoder = projection == null ? new RowDecoder(layout, root, dictionaryValues, at) : null;
            if (form == ArrowForm.FILE) {
                List<ArrowBlock> blocks = file.footer().getDictionaries();
                for (int i = 0; i < blocks.size(); i++) {
                    try (IpcMessage m = file.message(blocks.get(i))) {
                        if (m.headerType() != MessageHeader.DictionaryBatch) {
                            throw new FormatException(at.atByte(m.offset), "footer's dictionary entry is not a dictionary batch");
                        }
                        loadDictionary(m, i);
                    }
                }
                if (!file.footer().getRecordBatches().isEmpty()) {
                    checkDictionariesComplete(at); // a file without batches needs no dictionaries (pyarrow writes none)
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            if (createdRoot != null) {
                createdRoot.close();
            }
            dictionaries.values().forEach(d -> d.getVector().close());
            allocatorOwner.closeNow();
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    /** Opens a file of either form; the form is recognised from its first bytes. */
    public static ArrowEventReader open(Path path) throws IOException {
        return open(path, null);
    }

    /** Opens a file of either form, drawing memory from a child of {@code allocator}. */
    public static ArrowEventReader open(Path path, BufferAllocator allocator) throws IOException {
        return open(path, allocator, ReadOptions.DEFAULT);
    }

    /**
     * Opens a file of either form, drawing memory from a child of {@code allocator} (null: a private one), read as
     * {@code options} say: only some columns, or without verifying batch checksums.
     *
     * @throws IllegalArgumentException if the options name a column the file does not have
     */
    public static ArrowEventReader open(Path path, BufferAllocator allocator, ReadOptions options) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ArrowEventReader(path.toString(), allocator, ch, null, ch.size(), options);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /** Reads the stream form from {@code in}, which {@link #close()} closes. */
    public static ArrowEventReader open(InputStream in, BufferAllocator allocator) throws IOException {
        return new ArrowEventReader("<stream>", allocator, null, Channels.newChannel(in), -1, ReadOptions.DEFAULT);
    }

    /** Reads the stream form from {@code in}, which {@link #close()} closes. */
    public static ArrowEventReader open(InputStream in) throws IOException {
        return open(in, (BufferAllocator) null);
    }

    /**
     * Reads the stream form from {@code in} (a pipe, say), which {@link #close()} closes.
     *
     * @param sourceName how error messages name the input
     */
    public static ArrowEventReader open(InputStream in, String sourceName) throws IOException {
        return new ArrowEventReader(sourceName, null, null, Channels.newChannel(in), -1, ReadOptions.DEFAULT);
    }

    private static int peek(FileChannel channel, ReadableByteChannel in, byte[] head) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(head);
        ReadableByteChannel source = channel != null ? channel : in;
        while (b.hasRemaining()) {
            if (source.read(b) < 0) {
                break;
            }
        }
        return b.position();
    }

    private void checkStreamStart(byte[] head, int got) throws FormatException {
        if (got >= 6 && MappedArrowFile.hasMagic(head)) {
            throw new FormatException(at.atByte(0), "an Arrow file (file form) can only be read from a file, not a stream");
        }
        boolean continuation = got >= 4 && head[0] == -1 && head[1] == -1 && head[2] == -1 && head[3] == -1;
        if (got == 0) {
            throw new FormatException(at.atByte(0), "empty input: not an Arrow IPC file or stream");
        }
        if (!continuation) {
            String hint = head[0] == '{' || head[0] == '[' ? " (it looks like JSON)" : "";
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < got; i++) {
                hex.append(String.format(" %02x", head[i] & 0xff));
            }
            throw new FormatException(at.atByte(0), "not an Arrow IPC file or stream: it starts with bytes" + hex + hint);
        }
    }

    private Schema readStreamSchema() throws IOException {
        try (IpcMessage m = stream.next()) {
            if (m == null) {
                throw new FormatException(at.atByte(stream.position()), "Arrow stream ends before its schema");
            }
            if (m.headerType() != MessageHeader.Schema) {
                throw new FormatException(at.atByte(m.offset), "Arrow stream starts with a message of type "
                        + MessageHeader.name(m.headerType()) + ", not a schema");
            }
            return m.schema(at);
        }
    }

    /**
     * Verifies the schema's checksum and, in the file form, the footer's, each when present (FORMAT.md,
     * "Checksums"). None is required: other tools (pyarrow, pandas) rewrite our files keeping the schema's metadata
     * but none of the messages' or footer's, and a flip that removes a checksum entry damages metadata, not values.
     * An unknown checksum algorithm is refused.
     */
    private void verifyHeaderChecksums(Schema schema, FormatException.Location schemaAt) throws FormatException {
        Map<String, String> kv = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
        String declared = kv.get(IpcChecksums.SCHEMA_KEY);
        if (declared != null && !declared.equals(IpcChecksums.ALGORITHM)) {
            throw new FormatException(schemaAt, "unknown checksum '" + declared + "' in the schema's "
                    + IpcChecksums.SCHEMA_KEY + " (this library knows " + IpcChecksums.ALGORITHM + ")");
        }
        String schemaCrc = IpcChecksums.schema(schema);
        String storedCrc = kv.get(IpcChecksums.SCHEMA_CRC_KEY);
        if (storedCrc != null && !storedCrc.equals(schemaCrc)) {
            // Tools such as pyarrow keep the schema's metadata, so its checksum, when they change the schema: where
            // the layout says what changed (an int64 timestamp, say), that is the error to give, not "damaged".
            try {
                ArrowLayout.parse(schema, schemaAt);
            } catch (FormatException layout) {
                throw new FormatException(layout.location(), layout.reason() + ": the file was rewritten by another"
                        + " tool (its schema no longer matches its " + IpcChecksums.SCHEMA_CRC_KEY + ")", layout);
            }
        }
        // a schema of the layout whose checksum differs: a flip, or another tool's rewrite that the layout allows
        verify(storedCrc, schemaCrc, IpcChecksums.SCHEMA_CRC_KEY,
                "the schema (or a rewrite by another tool that kept the schema's metadata)", schemaAt);
        if (form == ArrowForm.FILE) {
            ArrowFooter footer = file.footer();
            Map<String, String> meta = footer.getMetaData() == null ? Map.of() : footer.getMetaData();
            verify(meta.get(IpcChecksums.FOOTER_CRC_KEY), IpcChecksums.footer(footer.getDictionaries(), footer.getRecordBatches()),
                    IpcChecksums.FOOTER_CRC_KEY, "the footer", at.atByte(file.footerStart()));
        }
    }

    private static void verify(String stored, String actual, String key, String what, FormatException.Location where)
            throws FormatException {
        if (stored != null && !stored.equals(actual)) {
            throw new FormatException(where, what + " is damaged: it gives checksum " + actual + ", its " + key + " says "
                    + stored);
        }
    }

    private void loadDictionary(IpcMessage m, long ordinal) throws IOException {
        try (ArrowDictionaryBatch db = m.dictionaryBatch(at, ordinal, verifyBatches)) {
            Dictionary dictionary = dictionaries.get(db.getDictionaryId());
            if (dictionary == null) {
                throw new FormatException(at.atByte(m.offset), "dictionary batch for id " + db.getDictionaryId()
                        + ", which no column uses");
            }
            VarCharVector vector = (VarCharVector) dictionary.getVector();
            List<String> values = dictionaryValues.get(db.getDictionaryId());
            boolean loaded = loadedDictionaries.contains(db.getDictionaryId());
            try {
                if (db.isDelta() && loaded) {
                    try (VarCharVector delta = new VarCharVector(vector.getField(), allocator)) {
                        load(delta, db.getDictionary());
                        int from = values.size();
                        appendInto(vector, delta);
                        RowDecoder.decodeAll(vector, from, values, at.atByte(m.offset));
                    }
                } else {
                    if (loaded && form == ArrowForm.FILE) {
                        throw new FormatException(at.atByte(m.offset), "dictionary " + db.getDictionaryId()
                                + " is replaced, which the file form does not allow");
                    }
                    load(vector, db.getDictionary());
                    List<String> fresh = new ArrayList<>();
                    RowDecoder.decodeAll(vector, 0, fresh, at.atByte(m.offset));
                    values.clear();
                    values.addAll(fresh);
                    loadedDictionaries.add(db.getDictionaryId());
                }
            } catch (RuntimeException e) {
                throw new FormatException(at.atByte(m.offset), "corrupt dictionary batch (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Appends {@code delta} to {@code dictionary} through a new vector: the loaded buffers may be the read-only
     * memory map of the file, so nothing is ever written into them (Arrow's batch appender would).
     */
    private void appendInto(VarCharVector dictionary, VarCharVector delta) {
        int a = dictionary.getValueCount();
        int b = delta.getValueCount();
        long bytes = dictionary.getStartOffset(a) - dictionary.getStartOffset(0) + delta.getStartOffset(b) - delta.getStartOffset(0);
        try (VarCharVector merged = new VarCharVector(dictionary.getField(), allocator)) {
            merged.allocateNew(Math.max(bytes, 1), Math.max(a + b, 1));
            for (int i = 0; i < a; i++) {
                merged.setSafe(i, dictionary.get(i));
            }
            for (int i = 0; i < b; i++) {
                merged.setSafe(a + i, delta.get(i));
            }
            merged.setValueCount(a + b);
            merged.makeTransferPair(dictionary).transfer();
        }
    }

    private void load(VarCharVector vector, ArrowRecordBatch batch) {
        VectorSchemaRoot one = new VectorSchemaRoot(List.of(vector.getField()), List.<FieldVector>of(vector));
        try (ArrowRecordBatch plain = Codecs.INSTANCE.decompress(batch, allocator)) {
            BatchCheck.check(one.getSchema().getFields(), plain);
            new VectorLoader(one).load(plain);
        }
        validate(vector);
    }

    /**
     * Checks buffer sizes (Arrow Java's buffer validation). Values were checked by {@link BatchCheck} before
     * loading; types with the schema (Arrow Java's type check also wrongly rejects map vectors).
     */
    private static void validate(FieldVector v) {
        v.accept(new ValidateVectorBufferVisitor(), null);
    }

    private void checkDictionariesComplete(FormatException.Location where) throws FormatException {
        for (Long id : dictionaries.keySet()) {
            if (!loadedDictionaries.contains(id)) {
                throw new FormatException(where, "dictionary " + id + " is used before it was sent");
            }
        }
    }

    /** The IPC form of the input. */
    public ArrowForm form() {
        return form;
    }

    @Override
    public StreamHeader header() {
        return layout.header();
    }

    /** The typed metadata columns of the file. */
    public MetadataPlan metadataPlan() {
        return layout.plan();
    }

    /** The schema as stored: dictionary-encoded columns have their value type and encoding. */
    public Schema schema() {
        return layout.schema();
    }

    /**
     * The loaded batch. Dictionary-encoded columns ({@code event_name}, {@code timeunit}, string metadata that
     * repeats) hold indices into {@link #dictionaries()}.
     */
    public VectorSchemaRoot root() {
        return root;
    }

    /**
     * The loaded batch's timestamps, read in place: for scans, about twice as fast as a loop over the union vector's
     * members. Valid until another batch is loaded or the reader closes.
     *
     * @throws IllegalStateException before the first batch, or if this reader does not load the timestamp column
     * @throws FormatException if a row's timestamp member is null
     */
    public TimestampColumn timestamps() throws FormatException {
        checkOpen();
        if (batchIndex < 0) {
            throw new IllegalStateException("no batch is loaded");
        }
        if (!(root.getVector(Columns.TIMESTAMP) instanceof UnionVector union)) {
            throw new IllegalStateException("this reader does not load the " + Columns.TIMESTAMP + " column");
        }
        return TimestampColumn.of(union, root.getRowCount(), layout.intTypeId(), layout.floatTypeId(),
                at, firstRowIndex);
    }

    /** The dictionaries as they stand for the loaded batch (a stream's dictionaries grow with deltas). */
    public DictionaryProvider dictionaries() {
        return provider;
    }

    /**
     * This reader's record batches as an Arrow Java {@link ArrowReader}: {@link ArrowReader#getVectorSchemaRoot()}
     * is {@link #root()}, the dictionaries are {@link #dictionaries()}, and closing it closes this reader. For
     * {@link ArrowExport} and anything else that takes an {@code ArrowReader}; use one way of reading at a time.
     */
    public ArrowReader asArrowReader() {
        return new ReaderBatches(this, allocator);
    }

    /** The mapped file of the file form, null for the stream form (for tests). */
    MappedArrowFile mappedFile() {
        return file;
    }

    /** The number of batches in the file form; -1 for the stream form, whose length is known only at its end. */
    public int batchCount() {
        return form == ArrowForm.FILE ? file.footer().getRecordBatches().size() : -1;
    }

    /** The index of the loaded batch, -1 before the first. */
    public int batchIndex() {
        return batchIndex;
    }

    /**
     * Loads the next batch into {@link #root()}.
     *
     * @return false at the end of the stream
     * @throws FormatException if the input is corrupt or cut at this point
     */
    public boolean loadNextBatch() throws IOException {
        checkOpen();
        firstRowIndex += root.getRowCount();
        row = 0;
        if (form == ArrowForm.FILE) {
            if (nextFileBatch >= batchCount()) {
                root.setRowCount(0);
                return false;
            }
            int k = (int) nextFileBatch++;
            try (IpcMessage m = file.message(file.footer().getRecordBatches().get(k))) {
                loadRecordBatch(m, k);
            }
            batchIndex = k;
            return true;
        }
        while (true) {
            try (IpcMessage m = stream.next()) {
                if (m == null) {
                    root.setRowCount(0);
                    return false;
                }
                if (m.headerType() == MessageHeader.DictionaryBatch) {
                    loadDictionary(m, dictionaryOrdinal++);
                } else if (m.headerType() == MessageHeader.RecordBatch) {
                    checkDictionariesComplete(at.atByte(m.offset));
                    loadRecordBatch(m, batchIndex + 1L);
                    batchIndex++;
                    return true;
                } else {
                    throw new FormatException(at.atByte(m.offset), "unexpected " + MessageHeader.name(m.headerType())
                            + " message inside the stream");
                }
            }
        }
    }

    /**
     * Loads batch {@code index} of the file form into {@link #root()}; {@link #next()} continues from its first
     * row.
     */
    public void loadBatch(int index) throws IOException {
        checkOpen();
        if (form != ArrowForm.FILE) {
            throw new IllegalStateException("only the file form reads a batch directly");
        }
        if (index < 0 || index >= batchCount()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batchCount());
        }
        List<ArrowBlock> blocks = file.footer().getRecordBatches();
        try (IpcMessage m = file.message(blocks.get(index))) {
            loadRecordBatch(m, index);
        }
        firstRowIndex = file.firstRow(index);
        batchIndex = index;
        nextFileBatch = index + 1L;
        row = 0;
    }

    private void loadRecordBatch(IpcMessage m, long ordinal) throws IOException {
        try (ArrowRecordBatch batch = m.recordBatch(at, ordinal, verifyBatches,
                projection == null ? null : projection.buffers())) {
            if (batch.getNodes().size() != nodeCount || batch.getBuffers().size() != bufferCount) {
                throw new FormatException(at.atByte(m.offset), "record batch has " + batch.getNodes().size()
                        + " field nodes and " + batch.getBuffers().size() + " buffers, the schema " + nodeCount
                        + " and " + bufferCount);
            }
            batchCodec = codecOf(batch);
            try (ArrowRecordBatch loaded = projection == null ? null : projection.of(batch);
                 ArrowRecordBatch plain = Codecs.INSTANCE.decompress(loaded == null ? batch : loaded, allocator)) {
                BatchCheck.check(root.getSchema().getFields(), plain);
                new VectorLoader(root).load(plain);
                for (FieldVector v : root.getFieldVectors()) {
                    validate(v);
                }
            } catch (RuntimeException e) {
                root.clear(); // the vectors may hold a corrupt state that even resetting them trips over
                throw new FormatException(at.atByte(m.offset), "corrupt record batch (" + e.getMessage() + ")", e);
            }
        }
    }

    private static ArrowCodec codecOf(ArrowRecordBatch batch) {
        byte type = batch.getBodyCompression().getCodec();
        for (ArrowCodec c : ArrowCodec.values()) {
            if (c != ArrowCodec.NONE && c.arrowType().getType() == type) {
                return c;
            }
        }
        return ArrowCodec.NONE;
    }

    /** The compression of the loaded batch's buffers; {@link ArrowCodec#NONE} before the first batch. */
    public ArrowCodec batchCodec() {
        return batchCodec;
    }

    /**
     * The next event, or null after the last.
     *
     * @throws IllegalStateException if the reader loads only some columns (events need them all)
     */
    @Override
    public CounterEvent next() throws IOException {
        checkOpen();
        if (decoder == null) {
            throw new IllegalStateException("this reader loads only the columns " + projection.names()
                    + "; events need every column");
        }
        while (row >= root.getRowCount()) {
            if (!loadNextBatch()) {
                return null;
            }
        }
        int r = row++;
        return decoder.event(r, firstRowIndex + r);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("reader is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            root.close();
            dictionaries.values().forEach(d -> d.getVector().close());
            allocatorOwner.close();
        } finally {
            if (channel != null) {
                channel.close();
            } else if (stream != null) {
                stream.close();
            }
        }
    }
}
