package dev.tally.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.core.CounterEvent;
import dev.tally.core.JsonValue;
import dev.tally.core.json.HespasJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a user would write without this library, each the plain way with a well-known tool, for the benchmarks to
 * measure against on the same trace: Jackson databind (events as maps), a naive Arrow IPC writer (names and
 * units as strings, the timestamp as a double, metadata as {@code map<utf8, utf8>} of JSON text), and DuckDB's
 * JDBC appender followed by {@code COPY ... TO} Parquet ZSTD. The parquet-avro peer is in {@link Workloads}.
 * Each write returns the bytes written; each read returns a checksum over every value read.
 */
public final class Peers {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int NAIVE_BATCH = 65_536;
    /** Arrow Java's own codecs: its commons-compress factory for ZSTD, none for uncompressed files. */
    private static final CompressionCodec.Factory ARROW_CODECS = new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
            return type == CompressionUtil.CodecType.NO_COMPRESSION ? NoCompressionCodec.INSTANCE
                    : CommonsCompressionFactory.INSTANCE.createCodec(type);
        }

        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
            return type == CompressionUtil.CodecType.NO_COMPRESSION ? NoCompressionCodec.INSTANCE
                    : CommonsCompressionFactory.INSTANCE.createCodec(type, level);
        }
    };

    private Peers() {
    }

    /** Events as a Jackson user holds them: maps of plain Java values. */
    public static List<Map<String, Object>> asMaps(Workloads.Trace trace) {
        List<Map<String, Object>> out = new ArrayList<>(trace.events().size());
        for (CounterEvent e : trace.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event_name", e.eventName());
            m.put("timestamp", e.timestamp().isInteger() ? (Object) e.timestamp().longValue() : e.timestamp().doubleValue());
            m.put("timeunit", e.timeUnit());
            Map<String, Object> meta = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> kv : e.metadata().entrySet()) {
                meta.put(kv.getKey(), plain(kv.getValue()));
            }
            m.put("metadata", meta);
            out.add(m);
        }
        return out;
    }

    private static Object plain(JsonValue v) {
        if (v instanceof JsonValue.IntValue i) {
            return i.value();
        } else if (v instanceof JsonValue.FloatValue f) {
            return f.value();
        } else if (v instanceof JsonValue.StringValue s) {
            return s.value();
        } else if (v instanceof JsonValue.BoolValue b) {
            return b.value();
        }
        return MAPPER.convertValue(HespasJson.toJson(v), Object.class);
    }

    /** Jackson databind: the document written event by event through one generator, each event a map. */
    public static long writeJackson(Workloads.Trace trace, List<Map<String, Object>> events, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", trace.header().version());
            g.writeFieldName("metadata");
            g.writeRawValue(HespasJson.toJson(new JsonValue.ObjectValue(trace.header().metadata())));
            g.writeArrayFieldStart("events");
            for (Map<String, Object> e : events) {
                MAPPER.writeValue(new NonClosing(g), e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return Files.size(file);
    }

    /** Jackson databind: the events array streamed, each event read as a map. */
    @SuppressWarnings("unchecked")
    public static long readJackson(Path file) throws IOException {
        long h = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser p = MAPPER.createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "events".equals(p.currentName())) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, Object> e = MAPPER.readValue(p, Map.class);
                        Object ts = e.get("timestamp");
                        h = Workloads.mix(h, ts instanceof Double d ? Double.doubleToLongBits(d) : ((Number) ts).longValue(),
                                (String) e.get("event_name"), ((Map<String, Object>) e.get("metadata")).size(),
                                (String) e.get("timeunit"));
                    }
                    break;
                }
            }
        }
        return h;
    }

    /** A generator that the databind call does not close or flush per event. */
    private static final class NonClosing extends com.fasterxml.jackson.core.util.JsonGeneratorDelegate {
        NonClosing(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void close() {
        }

        @Override
        public void flush() {
        }
    }

    private static Schema naiveSchema() {
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("value", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        return new Schema(List.of(
                new Field("event_name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("timestamp", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
                new Field("timeunit", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("metadata", FieldType.notNullable(new ArrowType.Map(false)), List.of(entries))));
    }

    /** A naive Arrow IPC file: plain Arrow Java vectors, metadata values as JSON text in a map; ZSTD or none. */
    public static long writeNaiveArrow(Workloads.Trace trace, Path file, boolean zstd) throws IOException {
        Files.deleteIfExists(file);
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(naiveSchema(), allocator);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch, Map.of(), IpcOption.DEFAULT,
                     ARROW_CODECS, zstd ? CompressionUtil.CodecType.ZSTD : CompressionUtil.CodecType.NO_COMPRESSION)) {
            VarCharVector names = (VarCharVector) root.getVector("event_name");
            Float8Vector ts = (Float8Vector) root.getVector("timestamp");
            VarCharVector units = (VarCharVector) root.getVector("timeunit");
            MapVector meta = (MapVector) root.getVector("metadata");
            w.start();
            int row = 0;
            root.allocateNew();
            UnionMapWriter mw = meta.getWriter();
            for (CounterEvent e : trace.events()) {
                names.setSafe(row, e.eventName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ts.setSafe(row, e.timestamp().doubleValue());
                units.setSafe(row, e.timeUnit().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                mw.setPosition(row);
                mw.startMap();
                for (Map.Entry<String, JsonValue> kv : e.metadata().entrySet()) {
                    mw.startEntry();
                    mw.key().varChar().writeVarChar(kv.getKey());
                    mw.value().varChar().writeVarChar(HespasJson.toJson(kv.getValue()));
                    mw.endEntry();
                }
                mw.endMap();
                if (++row == NAIVE_BATCH) {
                    root.setRowCount(row);
                    w.writeBatch();
                    root.allocateNew();
                    mw = meta.getWriter();
                    row = 0;
                }
            }
            if (row > 0) {
                root.setRowCount(row);
                w.writeBatch();
            }
            w.end();
        }
        return Files.size(file);
    }

    /** Reads a naive Arrow file value by value, as its writer's user would. */
    public static long readNaiveArrow(Path file) throws IOException {
        long h = 0;
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel ch = FileChannel.open(file);
             ArrowFileReader r = new ArrowFileReader(ch, allocator, ARROW_CODECS)) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                VarCharVector names = (VarCharVector) root.getVector("event_name");
                Float8Vector ts = (Float8Vector) root.getVector("timestamp");
                VarCharVector units = (VarCharVector) root.getVector("timeunit");
                MapVector meta = (MapVector) root.getVector("metadata");
                for (int i = 0; i < root.getRowCount(); i++) {
                    String name = new String(names.get(i), java.nio.charset.StandardCharsets.UTF_8);
                    Map<String, Object> m = new HashMap<>();
                    for (Object entry : meta.getObject(i)) {
                        Map<?, ?> kv = (Map<?, ?>) entry;
                        m.put(kv.get("key").toString(), HespasJson.parseValue(kv.get("value").toString()));
                    }
                    String unit = new String(units.get(i), java.nio.charset.StandardCharsets.UTF_8);
                    h = Workloads.mix(h, Workloads.timestampBits(ts.get(i)), name, m.size(), unit);
                }
            }
        } catch (dev.tally.core.FormatException e) {
            throw new IOException(e);
        }
        return h;
    }

    /** DuckDB: its JDBC appender into an in-memory table, then {@code COPY ... TO} a Parquet file with ZSTD. */
    public static long writeDuckDb(Workloads.Trace trace, Path file) throws IOException {
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (event_name VARCHAR, timestamp DOUBLE, timeunit VARCHAR, metadata VARCHAR)");
            try (org.duckdb.DuckDBAppender a = c.unwrap(org.duckdb.DuckDBConnection.class).createAppender("main", "events")) {
                for (CounterEvent e : trace.events()) {
                    a.beginRow();
                    a.append(e.eventName());
                    a.append(e.timestamp().doubleValue());
                    a.append(e.timeUnit());
                    a.append(HespasJson.toJson(new JsonValue.ObjectValue(e.metadata())));
                    a.endRow();
                }
            }
            s.execute("COPY events TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        return Files.size(file);
    }

    /** DuckDB reads its Parquet file back, every row and column through JDBC. */
    public static long readDuckDb(Path file) throws IOException {
        long h = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_name, timestamp, timeunit, metadata FROM read_parquet('"
                     + file.toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                JsonValue meta = HespasJson.parseValue(rs.getString(4));
                h = Workloads.mix(h, Workloads.timestampBits(rs.getDouble(2)), rs.getString(1),
                        ((JsonValue.ObjectValue) meta).members().size(), rs.getString(3));
            }
        } catch (SQLException | dev.tally.core.FormatException e) {
            throw new IOException(e);
        }
        return h;
    }
}
