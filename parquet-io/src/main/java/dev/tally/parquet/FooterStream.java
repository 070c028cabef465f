package dev.tally.parquet;

import dev.tally.core.columnar.Utf8;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.protocol.TField;
import shaded.parquet.org.apache.thrift.protocol.TList;
import shaded.parquet.org.apache.thrift.protocol.TProtocol;
import shaded.parquet.org.apache.thrift.protocol.TProtocolUtil;
import shaded.parquet.org.apache.thrift.transport.TIOStreamTransport;

/**
 * A Parquet footer read without holding all its row groups: one pass parses everything but the row groups, hands
 * each row group in turn to a consumer, and notes where in the footer every {@link #perWindow}-th one starts; later,
 * {@link #window} parses just the row groups of one window. parquet-java's reader holds the whole footer, about 600
 * bytes per column chunk once parsed (a 30,000-row-group file: 31.8 MB of footer, more than 256 MB of heap).
 */
final class FooterStream {
    /** Thrift's type codes (its TType, which the shaded jar leaves out). */
    private static final class TType {
        static final byte STOP = 0;
        static final byte I32 = 8;
        static final byte I64 = 10;
        static final byte STRING = 11;
        static final byte LIST = 15;
    }

    /** Column chunks per window: parquet-java's objects for them take a few MB. */
    static final int WINDOW_CHUNKS = 8_192;

    private final long footerStart;
    private final long footerLength;
    /** The footer without its row groups. */
    private final FileMetaData head = new FileMetaData();
    private final List<Long> windowStarts = new ArrayList<>();
    private int rowGroups;
    private int perWindow;

    private FooterStream(long footerStart, long footerLength) {
        this.footerStart = footerStart;
        this.footerLength = footerLength;
    }

    /** Reads the footer of {@code footerLength} bytes at {@code footerStart}, giving each row group to {@code each}. */
    static FooterStream read(FileChannel ch, long footerStart, long footerLength, Consumer<RowGroup> each)
            throws IOException {
        FooterStream f = new FooterStream(footerStart, footerLength);
        f.parse(ch, each);
        return f;
    }

    /** The footer's fields other than its row groups (whose list is left empty). */
    FileMetaData head() {
        return head;
    }

    int rowGroups() {
        return rowGroups;
    }

    /** Row groups per window. */
    int perWindow() {
        return perWindow;
    }

    /**
     * The footer with only the row groups of window {@code w} (row groups {@code w * perWindow()} on), read from the
     * file at {@code path}.
     */
    FileMetaData window(int w, java.nio.file.Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path)) {
            return window(w, file);
        }
    }

    private FileMetaData window(int w, FileChannel file) throws IOException {
        Counting in = stream(file, windowStarts.get(w));
        TProtocol p = protocol(in);
        FileMetaData m = head.deepCopy();
        m.setRow_groups(new ArrayList<>());
        int n = Math.min(perWindow, rowGroups - w * perWindow);
        try {
            for (int i = 0; i < n; i++) {
                RowGroup rg = new RowGroup();
                rg.read(p);
                m.addToRow_groups(rg);
            }
        } catch (TException e) {
            throw new IOException("can not read the footer's row groups: " + e.getMessage(), e);
        }
        return m;
    }

    private Counting stream(FileChannel file, long offset) throws IOException {
        InputStream raw = Channels.newInputStream(file.position(footerStart + offset));
        return new Counting(new BufferedInputStream(raw, 1 << 16), footerLength - offset);
    }

    /**
     * Thrift's compact protocol over {@code in}, refusing a list longer than the bytes left in the footer (every
     * element takes at least one): Thrift's generated code sizes its list by the count before reading an element.
     */
    private static TProtocol protocol(Counting in) throws IOException {
        try {
            return new TCompactProtocol(new TIOStreamTransport(in)) {
                @Override
                public TList readListBegin() throws TException {
                    TList l = super.readListBegin();
                    if (l.size < 0 || l.size > in.limit - in.count) {
                        throw new TException("a list of " + l.size + " elements in the footer's last "
                                + (in.limit - in.count) + " bytes");
                    }
                    return l;
                }

                /** Strict UTF-8: Thrift's own decoding would turn invalid bytes into U+FFFD unseen. */
                @Override
                public String readString() throws TException {
                    long at = in.count;
                    java.nio.ByteBuffer b = readBinary();
                    try {
                        return Utf8.decode(b);
                    } catch (Utf8.Malformed e) {
                        throw new TException("the string at byte " + at + " of the footer: " + e.getMessage());
                    }
                }
            };
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void parse(FileChannel ch, Consumer<RowGroup> each) throws IOException {
        Counting in = stream(ch, 0);
        TProtocol p = protocol(in);
        head.setRow_groups(new ArrayList<>());
        try {
            p.readStructBegin();
            while (true) {
                TField f = p.readFieldBegin();
                if (f.type == TType.STOP) {
                    break;
                }
                switch (f.id) {
                    case 1 -> expect(f, TType.I32, () -> head.setVersion(p.readI32()), p);
                    case 2 -> expect(f, TType.LIST, () -> {
                        TList l = p.readListBegin();
                        List<SchemaElement> schema = new ArrayList<>();
                        for (int i = 0; i < l.size; i++) {
                            SchemaElement e = new SchemaElement();
                            e.read(p);
                            schema.add(e);
                        }
                        p.readListEnd();
                        head.setSchema(schema);
                    }, p);
                    case 3 -> expect(f, TType.I64, () -> head.setNum_rows(p.readI64()), p);
                    case 4 -> expect(f, TType.LIST, () -> {
                        TList l = p.readListBegin();
                        for (int i = 0; i < l.size; i++) {
                            long start = in.count;
                            RowGroup rg = new RowGroup();
                            rg.read(p);
                            if (i == 0) {
                                perWindow = Math.max(1, WINDOW_CHUNKS / Math.max(1, rg.getColumnsSize()));
                            }
                            if (i % perWindow == 0) {
                                windowStarts.add(start);
                            }
                            rowGroups++;
                            each.accept(rg);
                        }
                        p.readListEnd();
                    }, p);
                    case 5 -> expect(f, TType.LIST, () -> {
                        TList l = p.readListBegin();
                        for (int i = 0; i < l.size; i++) {
                            KeyValue kv = new KeyValue();
                            kv.read(p);
                            head.addToKey_value_metadata(kv);
                        }
                        p.readListEnd();
                    }, p);
                    case 6 -> expect(f, TType.STRING, () -> head.setCreated_by(p.readString()), p);
                    case 7 -> expect(f, TType.LIST, () -> {
                        TList l = p.readListBegin();
                        List<ColumnOrder> orders = new ArrayList<>();
                        for (int i = 0; i < l.size; i++) {
                            ColumnOrder o = new ColumnOrder();
                            o.read(p);
                            orders.add(o);
                        }
                        p.readListEnd();
                        head.setColumn_orders(orders);
                    }, p);
                    default -> TProtocolUtil.skip(p, f.type);
                }
                p.readFieldEnd();
            }
            p.readStructEnd();
        } catch (TException e) {
            throw new IOException("can not read the footer: " + e.getMessage(), e);
        }
        if (!head.isSetSchema() || !head.isSetVersion() || !head.isSetNum_rows()) {
            throw new IOException("can not read the footer: a required field is missing");
        }
    }

    private interface Field {
        void read() throws TException;
    }

    private static void expect(TField f, byte type, Field read, TProtocol p) throws TException {
        if (f.type == type) {
            read.read();
        } else {
            TProtocolUtil.skip(p, f.type); // as Thrift's generated code does with a field of another type
        }
    }

    /** Counts the bytes read through it; reads at most {@code limit}. */
    private static final class Counting extends FilterInputStream {
        long count;
        private final long limit;

        Counting(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (count >= limit) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
