package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.Handoff;
import dev.tally.core.JsonValue;
import dev.tally.core.columnar.MetadataColumn;
import dev.tally.core.columnar.MetadataKind;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.columnar.RepeatedValue;
import dev.tally.core.columnar.TypedMembers;
import dev.tally.core.columnar.Utf8;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads every event of a Parquet file of the layout column by column, without record assembly: parquet-java reads
 * the pages, verifies their CRCs and decompresses them; each page is then decoded at once into arrays (levels and
 * dictionary ids by {@link PageEncodings#decodeHybrid}, other values by parquet-java's value readers, so every
 * encoding a writer may use is read), and events are built row by row from the arrays. With more than one processor,
 * the pages of row groups of at least {@link #MIN_PIPELINED_ROWS} rows are read and decoded on a second thread
 * ({@link PagePipeline}) while events are built on the caller's. Row groups come from {@link RowGroupWindows}, a
 * window of them at a time.
 * Memory: a few pages per column. Filtered reads go through parquet-java's record reader instead, which skips by
 * statistics.
 *
 * <p>Problems are reported as {@link IllegalArgumentException}s naming the column, for the caller to place.
 */
final class ColumnarEventReader implements Closeable {
    /** Most values a page may claim: pages of this layout hold 16,384; other writers' pages a few hundred thousand. */
    static final int MAX_PAGE_VALUES = 1 << 24;

    /**
     * How a file is opened: pages whose CRC does not match are refused, not decoded, and pages are decompressed by
     * a {@link PageDecompressors} of the file's own (released when the file is closed).
     */
    static ParquetReadOptions options() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration())
                .usePageChecksumVerification(true)
                .withCodecFactory(new PageDecompressors())
                .build();
    }

    private final RowGroupWindows groups;
    private final MetadataColumn[] columns;
    private final TypedMembers members;
    private final Cursor names;
    private final Cursor timestamps;
    private final Cursor exact;
    private final Cursor units;
    private final Cursor[] typed;
    private final Cursor keys;
    private final Cursor values;
    private final Cursor[] all;
    private final JsonValue[] typedValues;
    private final List<String> generalKeys = new ArrayList<>();
    private final List<String> generalValues = new ArrayList<>();
    /** Whether row groups are decoded by a {@link PagePipeline}; the current one, if any. */
    private final boolean pipelined;
    private PagePipeline pipeline;
    private long rowsLeft;
    private long rowGroupRows;
    private boolean started;
    /** The row group being read (-1 before the first) and its first row. */
    private int group = -1;
    private long groupFirstRow;

    /** Whether readers decode pages on a second thread: when there is a second processor to run it. */
    static final boolean PIPELINED = Runtime.getRuntime().availableProcessors() > 1;
    /** Rows a row group needs for its pages to be decoded on a second thread: a page's worth. */
    static final int MIN_PIPELINED_ROWS = 16_384;

    /**
     * Reads the row groups of {@code groups} (owned from now on) in the layout of {@code plan}; {@code pipelined}
     * says whether pages are decoded on a second thread.
     */
    ColumnarEventReader(RowGroupWindows groups, MessageType schema, MetadataPlan plan, boolean pipelined) {
        this.columns = plan.columns().toArray(new MetadataColumn[0]);
        List<ColumnDescriptor> leaves = schema.getColumns();
        if (leaves.size() != ParquetLayout.FIRST_METADATA_COLUMN + columns.length + 2) {
            throw new IllegalArgumentException("the schema's columns do not match its metadata plan");
        }
        this.names = new Cursor(leaves.get(ParquetLayout.NAME), null, ParquetLayout.NAME);
        this.timestamps = new Cursor(leaves.get(ParquetLayout.TIMESTAMP), null, ParquetLayout.TIMESTAMP);
        this.exact = new Cursor(leaves.get(ParquetLayout.TIMESTAMP_INT_FIELD), null,
                ParquetLayout.TIMESTAMP_INT_FIELD);
        this.units = new Cursor(leaves.get(ParquetLayout.UNIT), null, ParquetLayout.UNIT);
        this.typed = new Cursor[columns.length];
        for (int c = 0; c < columns.length; c++) {
            int leaf = ParquetLayout.FIRST_METADATA_COLUMN + c;
            typed[c] = new Cursor(leaves.get(leaf), columns[c].kind(), leaf);
        }
        int map = ParquetLayout.FIRST_METADATA_COLUMN + columns.length;
        this.keys = new Cursor(leaves.get(map), null, map);
        this.values = new Cursor(leaves.get(map + 1), null, map + 1);
        this.all = ParquetLayout.leavesInOrder(names, timestamps, exact, units, typed, keys, values, Cursor[]::new);
        this.pipelined = pipelined;
        this.typedValues = new JsonValue[columns.length];
        this.members = new TypedMembers(plan);
        this.groups = groups;
    }

    /** The next event, or null after the last. */
    CounterEvent next() throws IOException {
        while (rowsLeft == 0) {
            if (group >= groups.count()) {
                return null;
            }
            if (started) {
                for (Cursor c : all) {
                    c.checkExhausted();
                }
            }
            if (group >= 0) {
                groupFirstRow += rowGroupRows;
            }
            group = nonEmptyFrom(group + 1); // as parquet-java, passes over empty row groups
            started = false;
            stopPipeline();
            if (group >= groups.count()) {
                return null;
            }
            rowGroupRows = groups.rowCount(group);
            PageReadStore rows = groups.read(group);
            if (rows.getRowCount() != rowGroupRows) {
                throw new IllegalStateException("row group " + group + " read with " + rows.getRowCount() + " rows");
            }
            rowsLeft = rowGroupRows;
            for (Cursor c : all) {
                c.start(rows.getPageReader(c.column()));
            }
            // A thread hand-off per row group costs more than decoding a row group smaller than a page (a file of
            // 30,000 one-row groups took 23.6 s to read): those are decoded on the caller's thread.
            if (pipelined && rowGroupRows >= MIN_PIPELINED_ROWS) {
                pipeline = new PagePipeline();
            }
            started = true;
        }
        rowsLeft--;
        String name = names.requiredString();
        double timestamp = timestamps.requiredDouble();
        boolean hasInt = exact.optional();
        long intTimestamp = hasInt ? exact.longValue() : 0;
        String unit = units.requiredString();
        for (int c = 0; c < typed.length; c++) {
            typedValues[c] = typed[c].optional() ? typed[c].json() : null;
        }
        generalKeys.clear();
        generalValues.clear();
        boolean entry = keys.rowStart();
        if (values.rowStart() != entry) {
            throw new IllegalArgumentException("column " + values.name + ": levels disagree with " + keys.name);
        }
        while (entry) {
            generalKeys.add(keys.string());
            generalValues.add(values.string());
            entry = keys.continues();
            if (values.continues() != entry) {
                throw new IllegalArgumentException("column " + values.name + ": levels disagree with " + keys.name);
            }
        }
        return EventMaterializer.event(name, timestamp, hasInt, intTimestamp, unit, members, typedValues,
                generalKeys, generalValues);
    }

    /**
     * After an error, gives up the rest of the row group where it happened: {@link #next()} goes on with the next
     * row group. Returns the index of that group's first row, or -1 when there is none to go on with.
     */
    long skipRowGroup() throws IOException {
        stopPipeline();
        if (group < 0 || group >= groups.count()) {
            return -1;
        }
        rowsLeft = 0;
        started = false; // its cursors are not checked for leftover values
        long next = groupFirstRow + rowGroupRows;
        return nonEmptyFrom(group + 1) < groups.count() ? next : -1;
    }

    /** The first row group from {@code g} on that has rows (the number of groups if none). */
    private int nonEmptyFrom(int g) throws IOException {
        while (g < groups.count() && groups.rowCount(g) == 0) {
            g++;
        }
        return g;
    }

    /** Row groups whose metadata is held now (for tests). */
    int heldRowGroups() {
        return groups.held();
    }

    @Override
    public void close() throws IOException {
        stopPipeline();
        groups.close();
    }

    private void stopPipeline() {
        if (pipeline != null) {
            pipeline.stop();
            pipeline = null;
        }
    }

    /** One column's decoded page: levels, values, and how many slots, values and row starts it holds. */
    private static final class DecodedPage {
        int slots;
        int present;
        long rowStarts;
        int[] def = new int[0];
        int[] rep = new int[0];
        long[] longs = new long[0];
        double[] doubles = new double[0];
        boolean[] bools = new boolean[0];
        String[] strings = new String[0];
        /** Why value k is not text (then {@code strings[k]} is null): null when every value is. */
        String[] malformed;

        void malformed(int k, String why) {
            if (malformed == null || malformed.length < strings.length) {
                malformed = new String[strings.length];
            }
            malformed[k] = why;
        }
    }

    /** The end of a column's pages, in a {@link PagePipeline}'s queue. */
    private static final Object END = new Object();

    /**
     * Decodes one column's pages of the row group, in order. Runs on the {@link PagePipeline}'s thread when there
     * is one, else on the reader's; never on both at once.
     */
    private final class PageDecoder {
        final ColumnDescriptor column;
        final String name;
        final MetadataKind kind;
        final int maxDef;
        final int maxRep;
        private PageReader pages;
        private Dictionary dictionary;
        private String[] dictionaryStrings;
        private int[] ids = new int[0];

        PageDecoder(ColumnDescriptor column, MetadataKind kind) {
            this.column = column;
            this.name = String.join(".", column.getPath());
            this.kind = kind;
            this.maxDef = column.getMaxDefinitionLevel();
            this.maxRep = column.getMaxRepetitionLevel();
        }

        /** Starts the row group's pages: reads its dictionary page, if any. */
        void start(PageReader reader) throws IOException {
            pages = reader;
            DictionaryPage page = reader.readDictionaryPage();
            dictionary = page == null ? null : page.getEncoding().initDictionary(column, page);
            dictionaryStrings = null;
        }

        /** The next page decoded into {@code into} (its arrays reused, grown as needed); null after the last. */
        DecodedPage decode(DecodedPage into) throws IOException {
            DataPage page = pages.readPage();
            if (page == null) {
                return null;
            }
            int n = page.getValueCount();
            if (n < 0 || n > MAX_PAGE_VALUES || maxRep == 0 && n > rowGroupRows) {
                throw new IllegalArgumentException("column " + name + ": a page claims " + n + " values");
            }
            DecodedPage p = into != null ? into : new DecodedPage();
            if (p.def.length < n) {
                int size = Math.max(n, 2 * p.def.length);
                p.def = new int[size];
                p.rep = new int[size];
            }
            int[] def = p.def;
            int[] rep = p.rep;
            ByteBufferInputStream data;
            Encoding encoding;
            if (page instanceof DataPageV2 v2) {
                if (maxRep > 0) {
                    PageEncodings.decodeHybrid(buffer(v2.getRepetitionLevels().toInputStream()),
                            PageEncodings.bitWidth(maxRep), rep, n);
                }
                if (maxDef > 0) {
                    PageEncodings.decodeHybrid(buffer(v2.getDefinitionLevels().toInputStream()),
                            PageEncodings.bitWidth(maxDef), def, n);
                }
                data = v2.getData().toInputStream();
                encoding = v2.getDataEncoding();
            } else {
                DataPageV1 v1 = (DataPageV1) page;
                data = v1.getBytes().toInputStream();
                if (maxRep > 0) {
                    levels(v1.getRlEncoding(), ValuesType.REPETITION_LEVEL, data, rep, n);
                }
                if (maxDef > 0) {
                    levels(v1.getDlEncoding(), ValuesType.DEFINITION_LEVEL, data, def, n);
                }
                encoding = v1.getValueEncoding();
            }
            int present = n;
            if (maxDef > 0) {
                present = 0;
                for (int i = 0; i < n; i++) {
                    int d = def[i];
                    if (d == maxDef) {
                        present++;
                    } else if (d < 0 || d > maxDef) {
                        throw new IllegalArgumentException("column " + name + ": definition level " + d);
                    }
                }
            }
            long rowStarts = n;
            if (maxRep > 0) {
                rowStarts = 0;
                for (int i = 0; i < n; i++) {
                    if (rep[i] < 0 || rep[i] > maxRep) {
                        throw new IllegalArgumentException("column " + name + ": repetition level " + rep[i]);
                    }
                    if (rep[i] == 0) {
                        rowStarts++;
                    }
                }
            }
            decodeValues(p, encoding, data, present);
            p.slots = n;
            p.present = present;
            p.rowStarts = rowStarts;
            return p;
        }

        private void levels(Encoding encoding, ValuesType type, ByteBufferInputStream in, int[] out, int n)
                throws IOException {
            ValuesReader r = encoding.getValuesReader(column, type);
            r.initFromPage(n, in);
            for (int i = 0; i < n; i++) {
                out[i] = r.readInteger();
            }
        }

        private ByteBuffer buffer(ByteBufferInputStream in) throws IOException {
            return in.slice(in.available());
        }

        /**
         * The text of value {@code k} of page {@code p}, or null when it is not strict UTF-8 (then the reason is
         * noted in the page, and thrown when the reader reaches the value: so the error names its event).
         */
        private String decode(Binary b, DecodedPage p, int k) {
            try {
                return Utf8.decode(b.toByteBuffer());
            } catch (Utf8.Malformed e) {
                p.malformed(k, e.getMessage());
                return null;
            }
        }

        private void decodeValues(DecodedPage p, Encoding encoding, ByteBufferInputStream in, int n)
                throws IOException {
            switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> p.strings = p.strings.length >= n ? p.strings
                        : new String[Math.max(n, 2 * p.strings.length)];
                case DOUBLE -> p.doubles = p.doubles.length >= n ? p.doubles
                        : new double[Math.max(n, 2 * p.doubles.length)];
                case INT64 -> p.longs = p.longs.length >= n ? p.longs : new long[Math.max(n, 2 * p.longs.length)];
                case BOOLEAN -> p.bools = p.bools.length >= n ? p.bools
                        : new boolean[Math.max(n, 2 * p.bools.length)];
                default -> throw new IllegalArgumentException("column " + name + ": unexpected type");
            }
            if (n == 0) {
                return;
            }
            String[] strings = p.strings;
            double[] doubles = p.doubles;
            long[] longs = p.longs;
            boolean[] bools = p.bools;
            if (encoding.usesDictionary()) {
                if (dictionary == null) {
                    throw new IllegalArgumentException("column " + name + ": dictionary-encoded page without a"
                            + " dictionary");
                }
                ByteBuffer b = buffer(in);
                if (!b.hasRemaining()) {
                    throw new IllegalArgumentException("column " + name + ": empty dictionary-encoded page");
                }
                int bitWidth = b.get() & 0xff;
                if (ids.length < n) {
                    ids = new int[Math.max(n, 2 * ids.length)];
                }
                PageEncodings.decodeHybrid(b, bitWidth, ids, n);
                int size = dictionary.getMaxId() + 1;
                for (int i = 0; i < n; i++) {
                    if (ids[i] < 0 || ids[i] >= size) {
                        throw new IllegalArgumentException("column " + name + ": dictionary id " + ids[i]
                                + " of a dictionary of " + size);
                    }
                }
                switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                    case BINARY -> {
                        if (dictionaryStrings == null) {
                            dictionaryStrings = new String[size];
                        }
                        for (int i = 0; i < n; i++) {
                            String s = dictionaryStrings[ids[i]];
                            if (s == null) {
                                s = decode(dictionary.decodeToBinary(ids[i]), p, i);
                                dictionaryStrings[ids[i]] = s;
                            }
                            strings[i] = s;
                        }
                    }
                    case DOUBLE -> {
                        for (int i = 0; i < n; i++) {
                            doubles[i] = dictionary.decodeToDouble(ids[i]);
                        }
                    }
                    case INT64 -> {
                        for (int i = 0; i < n; i++) {
                            longs[i] = dictionary.decodeToLong(ids[i]);
                        }
                    }
                    default -> throw new IllegalArgumentException("column " + name + ": dictionary of booleans");
                }
                return;
            }
            if (encoding == Encoding.BYTE_STREAM_SPLIT
                    && column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
                PageEncodings.decodeByteStreamSplit(buffer(in), n, doubles); // our pages' timestamps
                return;
            }
            ValuesReader r = encoding.getValuesReader(column, ValuesType.VALUES);
            r.initFromPage(n, in);
            switch (column.getPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> {
                    for (int i = 0; i < n; i++) {
                        strings[i] = decode(r.readBytes(), p, i);
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        doubles[i] = r.readDouble();
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++) {
                        longs[i] = r.readLong();
                    }
                }
                case BOOLEAN -> {
                    for (int i = 0; i < n; i++) {
                        bools[i] = r.readBoolean();
                    }
                }
                default -> throw new IllegalArgumentException("column " + name + ": unexpected type");
            }
        }
    }

    /**
     * Decodes the row group's pages on a second thread while the reader builds events from pages decoded before:
     * reading, checking, decompressing and decoding pages is about a third of a full read. The thread keeps up to
     * {@link #AHEAD} pages ready per column, decoding next the column that is furthest behind in rows, and first
     * whatever column the reader is waiting for, so the reader never waits on a page that is not being made.
     * A failure is queued in its column's place, and reaches the reader where a read in one thread would have met
     * it. One pipeline per row group; {@link #stop()} ends it.
     */
    private final class PagePipeline implements Runnable {
        /** Decoded pages kept ready per column, beyond the one being read. */
        static final int AHEAD = 2;

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final List<ArrayDeque<Object>> ready = new ArrayList<>();
        private final List<ArrayDeque<DecodedPage>> free = new ArrayList<>();
        private final long[] rows;
        private final boolean[] finished;
        private int waitingOn = -1;
        private boolean stopped;
        private final Thread thread;

        PagePipeline() {
            int n = all.length;
            for (int c = 0; c < n; c++) {
                ready.add(new ArrayDeque<>());
                free.add(new ArrayDeque<>());
            }
            rows = new long[n];
            finished = new boolean[n];
            thread = new Thread(this, "tally-parquet-pages");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    int c;
                    DecodedPage reuse;
                    lock.lock();
                    try {
                        while ((c = pick()) < 0) {
                            if (stopped || allFinished()) {
                                return;
                            }
                            changed.await();
                        }
                        reuse = free.get(c).poll();
                    } finally {
                        lock.unlock();
                    }
                    Object result;
                    try {
                        DecodedPage p = all[c].decoder.decode(reuse);
                        result = p == null ? END : p;
                    } catch (Throwable t) { // handed to the reader, in the column's place
                        result = t;
                    }
                    lock.lock();
                    try {
                        ready.get(c).add(result);
                        if (result instanceof DecodedPage p) {
                            rows[c] += p.rowStarts;
                        } else {
                            finished[c] = true;
                        }
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The column to decode a page of next, or -1 for none now. Under the lock. */
        private int pick() {
            if (stopped) {
                return -1;
            }
            if (waitingOn >= 0 && !finished[waitingOn]) {
                return waitingOn;
            }
            int best = -1;
            for (int c = 0; c < ready.size(); c++) {
                if (!finished[c] && ready.get(c).size() < AHEAD && (best < 0 || rows[c] < rows[best])) {
                    best = c;
                }
            }
            return best;
        }

        private boolean allFinished() {
            for (boolean f : finished) {
                if (!f) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Column {@code c}'s next page, {@link #END} or a failure (both of which stay at the head of the queue), taking
         * back {@code done}, the page the reader has finished with.
         */
        Object take(int c, DecodedPage done) throws IOException {
            lock.lock();
            try {
                if (done != null) {
                    free.get(c).add(done);
                }
                while (ready.get(c).isEmpty()) {
                    waitingOn = c;
                    changed.signalAll();
                    changed.await();
                }
                waitingOn = -1;
                Object head = ready.get(c).peek();
                if (head instanceof DecodedPage) {
                    ready.get(c).poll();
                    changed.signalAll(); // room for another page
                }
                return head;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for column "
                        + all[c].decoder.name);
            } finally {
                lock.unlock();
            }
        }

        /** Stops the thread and waits for it (at most the page it is decoding). */
        void stop() {
            lock.lock();
            try {
                stopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One column of the row group as the reader reads it: the current decoded page and a position in it. */
    private final class Cursor {
        final PageDecoder decoder;
        final int index;
        final String name;
        final MetadataKind kind;
        final int maxDef;
        private DecodedPage page;
        private boolean ended;
        private int[] def = new int[0];
        private int[] rep = new int[0];
        private int slots;
        private int pos;
        private int count;
        private int next;
        private long[] longs = new long[0];
        private double[] doubles = new double[0];
        private boolean[] bools = new boolean[0];
        private String[] strings = new String[0];
        private final RepeatedValue repeated = new RepeatedValue();

        Cursor(ColumnDescriptor column, MetadataKind kind, int index) {
            this.decoder = new PageDecoder(column, kind);
            this.index = index;
            this.name = decoder.name;
            this.kind = kind;
            this.maxDef = decoder.maxDef;
        }

        ColumnDescriptor column() {
            return decoder.column;
        }

        /** Starts the row group: reads its dictionary page (before any pipeline runs). */
        void start(PageReader reader) throws IOException {
            decoder.start(reader);
            page = null;
            ended = false;
            slots = 0;
            pos = 0;
            count = 0;
            next = 0;
            repeated.reset();
        }

        /** Whether a slot is left, loading pages as needed. */
        private boolean ensure() throws IOException {
            while (pos == slots) {
                if (!loadPage()) {
                    return false;
                }
            }
            return true;
        }

        private int slotDef() throws IOException {
            if (!ensure()) {
                throw new IllegalArgumentException("column " + name + ": fewer values than the row group's "
                        + rowGroupRows + " rows");
            }
            return maxDef == 0 ? maxDef : def[pos];
        }

        String requiredString() throws IOException {
            slotDef();
            pos++;
            return string();
        }

        double requiredDouble() throws IOException {
            slotDef();
            pos++;
            return doubleValue();
        }

        /** Moves past an optional, non-repeated slot: whether it holds a value (then read it). */
        boolean optional() throws IOException {
            int d = slotDef();
            pos++;
            return d == maxDef;
        }

        /** Starts a row of the map's column: whether it has an entry (then read it). */
        boolean rowStart() throws IOException {
            int d = slotDef();
            if (rep[pos] != 0) {
                throw new IllegalArgumentException("column " + name + ": a row starts with repetition level "
                        + rep[pos]);
            }
            pos++;
            return d == maxDef;
        }

        /** Whether the row's list goes on (then moves to its next entry, to be read). */
        boolean continues() throws IOException {
            if (!ensure() || rep[pos] == 0) {
                return false;
            }
            if (def[pos] != maxDef) {
                throw new IllegalArgumentException("column " + name + ": an empty entry inside a map");
            }
            pos++;
            return true;
        }

        private void checkValue() {
            if (next >= count) {
                throw new IllegalArgumentException("column " + name + ": fewer values than definition levels");
            }
        }

        String string() {
            checkValue();
            String s = strings[next];
            if (s == null) {
                throw malformed();
            }
            next++;
            return s;
        }

        /** The current value is not text: why, from its page. */
        private IllegalArgumentException malformed() {
            return new IllegalArgumentException("column " + name + ": " + page.malformed[next]);
        }

        double doubleValue() {
            checkValue();
            return doubles[next++];
        }

        long longValue() {
            checkValue();
            return longs[next++];
        }

        JsonValue json() {
            checkValue();
            int k = next++;
            return switch (kind) {
                case INT64 -> repeated.ofLong(longs[k]);
                case FLOAT64 -> repeated.ofDouble(doubles[k]);
                case BOOL -> JsonValue.of(bools[k]);
                case STRING, STRING_DICT -> {
                    if (strings[k] == null) {
                        next = k;
                        throw malformed();
                    }
                    yield repeated.ofString(strings[k]); // dictionary strings: one object per id
                }
            };
        }

        void checkExhausted() throws IOException {
            if (ensure()) {
                throw new IllegalArgumentException("column " + name + ": more values than the row group's "
                        + rowGroupRows + " rows");
            }
        }

        /** Moves to the column's next page: false after its last. A failure decoding it is thrown here. */
        private boolean loadPage() throws IOException {
            if (ended) {
                return false;
            }
            Object r;
            if (pipeline != null) {
                r = pipeline.take(index, page);
            } else {
                DecodedPage p = decoder.decode(page); // the reader is done with the current page: reuse it
                r = p == null ? END : p;
            }
            if (r == END) {
                ended = true;
                return false;
            }
            if (r instanceof DecodedPage p) {
                page = p;
                def = p.def;
                rep = p.rep;
                longs = p.longs;
                doubles = p.doubles;
                bools = p.bools;
                strings = p.strings;
                slots = p.slots;
                count = p.present;
                pos = 0;
                next = 0;
                return true;
            }
            page = null; // the failed page was never handed out
            throw Handoff.asIOException((Throwable) r, "column " + name);
        }
    }
}
