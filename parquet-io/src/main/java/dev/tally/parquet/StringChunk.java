package dev.tally.parquet;

import dev.tally.core.columnar.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.io.api.Binary;

/**
 * A UTF-8 string column, dictionary-encoded (RLE_DICTIONARY ids over a PLAIN dictionary page) until the row group's
 * dictionary reaches {@link #DICTIONARY_BYTES}, then PLAIN for the rest of the row group, as parquet-java does;
 * or PLAIN throughout for strings known not to repeat.
 *
 * <p>A row's values are first staged ({@link #stage}), which is where a value can be refused (not UTF-8), and only
 * then committed ({@link #commitRow}): an event refused by any of its columns leaves nothing in any of them.
 */
final class StringChunk extends ColumnChunk {
    /** The dictionary page's size limit: parquet-java's default. */
    static final int DICTIONARY_BYTES = 1 << 20;

    // All the caller's: the worker gets a page's ids or values, and a row group's entries, when they are complete.
    private final boolean dictionaryEncoded;
    private final Map<String, Integer> ids = new HashMap<>();
    private List<byte[]> entries = new ArrayList<>();
    private final List<Binary> binaries = new ArrayList<>();
    private long dictionaryBytes;
    /** Whether pages are PLAIN for the rest of the row group. */
    private boolean plain;
    // The last staged string: names, units and keys repeat as the same objects, so identity finds most.
    private String lastString;
    private int lastId;
    private byte[] lastBytes;
    // The open page.
    private int[] pageIds = new int[PAGE_ROWS];
    private final Spares<int[]> idSpares = new Spares<>(() -> new int[PAGE_ROWS]);
    private int idCount;
    private int[] seenInPage = new int[64];
    private int pageSerial = 1;
    private ByteSink plainValues = new ByteSink(1024);
    private final Spares<ByteSink> plainSpares = new Spares<>(() -> new ByteSink(1024));
    // The row being staged: a dictionary id, or -1 and the value's bytes.
    private int staged;
    private int[] stagedIds = new int[4];
    private byte[][] stagedBytes = new byte[4][];

    StringChunk(ColumnDescriptor column, PageOptions options, boolean dictionaryEncoded) {
        super(column, options);
        this.dictionaryEncoded = dictionaryEncoded;
        this.plain = !dictionaryEncoded;
    }

    /** Stages {@code s} as the row's next value; false (and nothing staged) when UTF-8 cannot encode it. */
    boolean stage(String s) {
        int id;
        byte[] bytes;
        if (s == lastString) {
            id = lastId;
            bytes = lastBytes;
        } else {
            Integer known = plain ? null : ids.get(s);
            if (known != null) {
                id = known;
                bytes = null;
            } else {
                bytes = Utf8.encode(s);
                if (bytes == null) {
                    return false;
                }
                id = plain ? -1 : intern(s, bytes);
            }
            lastString = s;
            lastId = id;
            lastBytes = bytes;
        }
        if (staged == stagedIds.length) {
            stagedIds = Arrays.copyOf(stagedIds, staged * 2);
            stagedBytes = Arrays.copyOf(stagedBytes, staged * 2);
        }
        stagedIds[staged] = id;
        stagedBytes[staged] = bytes;
        staged++;
        return true;
    }

    private int intern(String s, byte[] bytes) {
        if (dictionaryBytes + 4 + bytes.length > DICTIONARY_BYTES) {
            return -1;
        }
        int id = entries.size();
        ids.put(s, id);
        entries.add(bytes);
        binaries.add(Binary.fromConstantByteArray(bytes));
        dictionaryBytes += 4 + bytes.length;
        if (id == seenInPage.length) {
            seenInPage = Arrays.copyOf(seenInPage, id * 2);
        }
        return id;
    }

    /** Forgets the staged values of a refused row. */
    void clearStaged() {
        Arrays.fill(stagedBytes, 0, staged, null);
        staged = 0;
    }

    /** Adds the staged values as one row: none is a null (or an empty list), several a list. */
    void commitRow() throws IOException {
        int n = staged;
        staged = 0;
        if (!plain) {
            for (int i = 0; i < n; i++) {
                if (stagedIds[i] < 0) {
                    // The dictionary is full: the pages so far keep it, the rest of the row group is PLAIN.
                    endPage();
                    plain = true;
                    break;
                }
            }
        }
        if (n == 0) {
            slot(false, false);
        } else if (n == 1 && !plain) {
            // The common case, a name, unit or typed string.
            int id = stagedIds[0];
            if (idCount == pageIds.length) {
                pageIds = Arrays.copyOf(pageIds, idCount * 2);
            }
            pageIds[idCount++] = id;
            stagedBytes[0] = null;
            if (seenInPage[id] != pageSerial) {
                seenInPage[id] = pageSerial;
                ((BinaryStatistics) stats).updateStats(binaries.get(id));
            }
            slot(true, false);
            return;
        }
        BinaryStatistics binaryStats = (BinaryStatistics) stats;
        for (int i = 0; i < n; i++) {
            int id = stagedIds[i];
            if (plain) {
                byte[] b = id >= 0 ? entries.get(id) : stagedBytes[i];
                stagedBytes[i] = null;
                plainValues.putIntLE(b.length);
                plainValues.put(b);
                binaryStats.updateStats(id >= 0 ? binaries.get(id) : Binary.fromConstantByteArray(b));
            } else {
                if (idCount == pageIds.length) {
                    pageIds = Arrays.copyOf(pageIds, idCount * 2);
                }
                pageIds[idCount++] = id;
                stagedBytes[i] = null;
                // Statistics once per distinct value and page: comparing strings is the costly part.
                if (seenInPage[id] != pageSerial) {
                    seenInPage[id] = pageSerial;
                    binaryStats.updateStats(binaries.get(id));
                }
            }
            slot(true, i > 0);
        }
        if (slots() >= PAGE_ROWS || plainValues.size() >= PAGE_BYTES) {
            endPage(); // long rows of the map, or long strings: a page ends early, at this row's end
        }
    }

    @Override
    long valueBytesBound() {
        // Ids: the bit width's byte, then the hybrid of ids of at most 32 bits.
        return plain || idCount == 0 ? plainValues.size() : 1 + hybridBound(idCount, 32);
    }

    @Override
    PageValues takeValues() {
        pageSerial++;
        if (plain || idCount == 0) {
            // A page of nulls only (empty maps, mostly) has no values: PLAIN, so it needs no dictionary page.
            ByteSink page = plainValues;
            plainValues = plainSpares.take();
            return (out, pageStats) -> {
                out.put(page.array(), 0, page.size());
                page.reset();
                plainSpares.give(page);
                return Encoding.PLAIN;
            };
        }
        int[] page = pageIds;
        int n = idCount;
        int bitWidth = PageEncodings.bitWidth(Math.max(0, entries.size() - 1));
        pageIds = idSpares.take();
        idCount = 0;
        return (out, pageStats) -> {
            out.put((byte) bitWidth);
            PageEncodings.hybrid(page, n, bitWidth, out);
            idSpares.give(page);
            return options.legacy() ? V1_DICTIONARY : Encoding.RLE_DICTIONARY;
        };
    }

    /** Takes the row group's dictionary (its page is written on the worker) and starts an empty one. */
    @Override
    ChunkDictionary takeDictionary() {
        List<byte[]> taken = entries;
        entries = new ArrayList<>();
        ids.clear();
        binaries.clear();
        dictionaryBytes = 0;
        plain = !dictionaryEncoded;
        lastString = null;
        lastBytes = null;
        Arrays.fill(seenInPage, 0);
        pageSerial = 1;
        clearStaged();
        if (taken.isEmpty()) {
            return ChunkDictionary.NONE;
        }
        return writer -> {
            ByteSink page = options.whole();
            page.reset();
            for (byte[] e : taken) {
                page.putIntLE(e.length);
                page.put(e);
            }
            writeDictionaryPage(writer, page, taken.size());
        };
    }
}
