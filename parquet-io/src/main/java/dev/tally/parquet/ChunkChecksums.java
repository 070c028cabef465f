package dev.tally.parquet;

import dev.tally.core.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.transport.TIOStreamTransport;

/**
 * The checksums of the Parquet footer's column chunks and of their page indexes (FORMAT.md, "Footer and index
 * checksums"). Parquet checksums pages but not the footer or the column and offset indexes, which filtered reads
 * skip row groups and pages by: without these, one flipped byte there loses events silently.
 *
 * <p>Each column chunk's {@code ColumnMetaData.key_value_metadata} holds {@value #CHUNK_KEY}: three CRC-32C as 8
 * lower-case hex digits each, of (1) the chunk's Thrift compact serialization without that entry, followed by its row
 * group's {@code num_rows} as a little-endian 64-bit integer, (2) the column index's bytes as stored, (3) the offset
 * index's bytes as stored (0 for an index the chunk has not). The file's key-value metadata holds {@value #MARKER_KEY}
 * = {@code crc32c}, saying every chunk has them.
 */
final class ChunkChecksums {
    static final String MARKER_KEY = "tally.chunk_checksum";
    static final String CHUNK_KEY = "tally.chunk_crc32c";
    static final String ALGORITHM = "crc32c";
    /** Longest column or offset index read (parquet-java's writer makes a few KiB per chunk). */
    static final int MAX_INDEX_BYTES = 64 << 20;

    private ChunkChecksums() {
    }

    /**
     * The end of a file as parquet-java wrote it (indexes, footer, footer length and magic, starting at file position
     * {@code tailStart}), with the checksums added to the footer.
     */
    static byte[] addTo(byte[] tail, long tailStart) throws IOException {
        int footerLength = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int footerStart = tail.length - 8 - footerLength;
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(tail, footerStart, footerLength));
        for (RowGroup rg : meta.getRow_groups()) {
            for (ColumnChunk c : rg.getColumns()) {
                int columnIndex = c.isSetColumn_index_offset()
                        ? crc(tail, (int) (c.getColumn_index_offset() - tailStart), c.getColumn_index_length()) : 0;
                int offsetIndex = c.isSetOffset_index_offset()
                        ? crc(tail, (int) (c.getOffset_index_offset() - tailStart), c.getOffset_index_length()) : 0;
                String value = hex(chunkCrc(c, rg.getNum_rows())) + hex(columnIndex) + hex(offsetIndex);
                c.getMeta_data().addToKey_value_metadata(new KeyValue(CHUNK_KEY).setValue(value));
            }
        }
        meta.addToKey_value_metadata(new KeyValue(MARKER_KEY).setValue(ALGORITHM));
        ByteArrayOutputStream out = new ByteArrayOutputStream(tail.length + meta.getRow_groups().size() * 256);
        out.write(tail, 0, footerStart);
        Util.writeFileMetaData(meta, out);
        int length = out.size() - footerStart;
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array());
        out.write(tail, tail.length - 4, 4);
        return out.toByteArray();
    }

    /** How the writer rewrites the end of a file ({@link #addTo}). */
    interface TailRewrite {
        byte[] apply(byte[] tail, long tailStart) throws IOException;
    }

    /** What {@link #verify} found. */
    enum Result {
        /** Every chunk's checksums are present and match. */
        VERIFIED,
        /** The file has none (an older tally layout, or another writer): its footer and indexes cannot be trusted. */
        ABSENT
    }

    /**
     * A check of the checksums of every column chunk (and, with {@code indexes}, of its column and offset indexes),
     * given the footer's row groups one at a time ({@link #accept}) and then its other fields ({@link #result}).
     * A mismatch, or a chunk without checksums in a file that says it has them, is a {@link FormatException} naming
     * the row group and column.
     */
    static Verifier verifier(FileChannel ch, boolean indexes, FormatException.Location at) throws IOException {
        return new Verifier(ch, indexes, at);
    }

    /** Checks row groups as the footer's parser hands them over, holding one at a time. */
    static final class Verifier implements java.util.function.Consumer<RowGroup> {
        private final FileChannel ch;
        private final boolean indexes;
        private final FormatException.Location at;
        private final long fileSize;
        private int group;
        long withChecksums;
        int withoutChecksums = -1;
        String withoutName;
        FormatException failure;

        Verifier(FileChannel ch, boolean indexes, FormatException.Location at) throws IOException {
            this.ch = ch;
            this.indexes = indexes;
            this.at = at;
            this.fileSize = ch.size();
        }

        @Override
        public void accept(RowGroup rg) {
            int g = group++;
            if (failure != null) {
                return;
            }
            try {
                for (ColumnChunk c : rg.getColumns()) {
                    check(g, rg, c);
                }
            } catch (FormatException e) {
                failure = e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void check(int g, RowGroup rg, ColumnChunk c) throws IOException {
            ColumnMetaData m = c.getMeta_data();
            String name = m == null || m.getPath_in_schema() == null ? "?" : String.join(".", m.getPath_in_schema());
            String stored = stored(c);
            if (stored == null) {
                if (withoutChecksums < 0) {
                    withoutChecksums = g;
                    withoutName = name;
                }
                return;
            }
            withChecksums++;
            String where = "row group " + g + ", column '" + name + "': ";
            if (stored.length() != 24 || !stored.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                throw new FormatException(at, where + CHUNK_KEY + " is not 24 hex digits: the footer is damaged");
            }
            if (chunkCrc(c, rg.getNum_rows()) != (int) Long.parseLong(stored.substring(0, 8), 16)) {
                throw new FormatException(at.atByte(m.getData_page_offset()), where
                        + "column chunk metadata checksum mismatch: the footer is damaged");
            }
            if (!indexes) {
                return;
            }
            if (indexCrc(c.isSetColumn_index_offset(), c.getColumn_index_offset(), c.getColumn_index_length(), where)
                    != (int) Long.parseLong(stored.substring(8, 16), 16)) {
                throw new FormatException(at.atByte(c.getColumn_index_offset()), where
                        + "column index checksum mismatch: the file is damaged");
            }
            if (indexCrc(c.isSetOffset_index_offset(), c.getOffset_index_offset(), c.getOffset_index_length(), where)
                    != (int) Long.parseLong(stored.substring(16, 24), 16)) {
                throw new FormatException(at.atByte(c.getOffset_index_offset()), where
                        + "offset index checksum mismatch: the file is damaged");
            }
        }

        private int indexCrc(boolean set, long offset, int length, String where) throws IOException {
            if (!set) {
                return 0;
            }
            if (offset < 4 || length < 0 || length > MAX_INDEX_BYTES || offset + length > fileSize) {
                throw new FormatException(at.atByte(Math.max(0, offset)), where + "the footer puts an index of "
                        + length + " bytes at byte " + offset + ", outside the file's " + fileSize
                        + " bytes: the footer is damaged");
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new java.io.EOFException("index at byte " + offset);
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(b.flip());
            return (int) crc.getValue();
        }

        /** After the last row group: what was found, given the footer's other fields. */
        Result result(FileMetaData head) throws IOException {
            if (failure != null) {
                throw failure;
            }
            String marker = null;
            if (head.getKey_value_metadata() != null) {
                for (KeyValue kv : head.getKey_value_metadata()) {
                    if (MARKER_KEY.equals(kv.getKey())) {
                        marker = kv.getValue();
                    }
                }
            }
            if (withChecksums == 0) {
                // No chunk carries one, whatever the marker says: another tool (pyarrow) rewrote a tally file and
                // kept the file's metadata but not the chunks'. Read as a file without checksums, trusting no index.
                return Result.ABSENT;
            }
            if (!ALGORITHM.equals(marker)) {
                throw new FormatException(at, "the footer's " + MARKER_KEY + " is "
                        + (marker == null ? "missing, but its column chunks carry checksums" : "'" + marker + "', not "
                        + ALGORITHM) + ": the footer is damaged");
            }
            if (withoutChecksums >= 0) {
                throw new FormatException(at, "row group " + withoutChecksums + ", column '" + withoutName
                        + "': no " + CHUNK_KEY + " in a file that says its chunks have one: the footer is damaged");
            }
            return Result.VERIFIED;
        }
    }

    /** The chunk's stored checksums, or null. */
    private static String stored(ColumnChunk c) {
        if (c.getMeta_data() == null || c.getMeta_data().getKey_value_metadata() == null) {
            return null;
        }
        for (KeyValue kv : c.getMeta_data().getKey_value_metadata()) {
            if (CHUNK_KEY.equals(kv.getKey())) {
                return kv.getValue() == null ? "" : kv.getValue();
            }
        }
        return null;
    }

    /** CRC-32C of the chunk's serialization without its {@link #CHUNK_KEY} entry, then {@code numRows}. */
    static int chunkCrc(ColumnChunk chunk, long numRows) throws IOException {
        ColumnChunk c = chunk.deepCopy();
        ColumnMetaData m = c.getMeta_data();
        if (m != null && m.getKey_value_metadata() != null) {
            List<KeyValue> kept = new ArrayList<>(m.getKey_value_metadata());
            for (Iterator<KeyValue> i = kept.iterator(); i.hasNext(); ) {
                if (CHUNK_KEY.equals(i.next().getKey())) {
                    i.remove();
                }
            }
            m.setKey_value_metadata(kept.isEmpty() ? null : kept);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            c.write(new TCompactProtocol(new TIOStreamTransport(out)));
        } catch (TException e) {
            throw new IOException("cannot serialize a column chunk: " + e.getMessage(), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(numRows).flip());
        return (int) crc.getValue();
    }

    private static int crc(byte[] b, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, offset, length);
        return (int) crc.getValue();
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
