package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.ArrowForm;
import dev.tally.arrow.TimestampColumn;
import dev.tally.core.CounterEvent;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetEventReader;
import dev.tally.parquet.ParquetEventWriter;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.UnionVector;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.json.HespasJsonWriter;
import dev.tally.core.columnar.MetadataPlan;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The work each benchmark measures, as plain methods, so that a unit test can run every benchmark body once and
 * check its result.
 */
public final class Workloads {
    private Workloads() {
    }

    /** A sample trace held in memory, so that writing benchmarks measure the writer, not the generator. */
    public record Trace(StreamHeader header, List<CounterEvent> events) {
    }

    /** Generates and holds a sample trace. */
    public static Trace materialise(long events, SampleTrace.Shape shape, long seed) throws IOException {
        return materialise(events, shape, seed, SampleTrace.Values.REPEATING);
    }

    /** Generates and holds a sample trace with metadata values of the given kind. */
    public static Trace materialise(long events, SampleTrace.Shape shape, long seed, SampleTrace.Values values)
            throws IOException {
        SampleTrace t = SampleTrace.of(events, shape, seed, values);
        List<CounterEvent> list = new ArrayList<>((int) events);
        try (EventReader r = t.reader()) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                list.add(e);
            }
        }
        return new Trace(t.header(), list);
    }

    /** Writes the trace as hespas JSON and returns the file's size in bytes. */
    public static long writeJson(Trace trace, Path file) throws IOException {
        try (HespasJsonWriter w = HespasJsonWriter.open(file, trace.header())) {
            for (CounterEvent e : trace.events()) {
                w.write(e);
            }
        }
        return Files.size(file);
    }

    /** Reads a hespas JSON file to events and returns their {@link #checksum}. */
    public static long readJson(Path file) throws IOException {
        try (HespasJsonReader r = HespasJsonReader.open(file)) {
            return checksum(r);
        }
    }

    /**
     * A value that depends on every event read, so that the JIT cannot skip the reading: the count, the name
     * lengths, the timestamps' bits and the metadata sizes, mixed.
     */
    public static long checksum(EventReader r) throws IOException {
        long h = 0;
        for (CounterEvent e = r.next(); e != null; e = r.next()) {
            h = mix(h, e);
        }
        return h;
    }

    /** One event into a {@link #checksum}. */
    static long mix(long h, CounterEvent e) {
        long ts = e.timestamp().isInteger() ? e.timestamp().longValue() : Double.doubleToLongBits(e.timestamp().doubleValue());
        return mix(h, ts, e.eventName(), e.metadata().size(), e.timeUnit());
    }

    /** One event into a {@link #checksum}; peers that read other representations use it too. */
    static long mix(long h, long timestampBits, String name, int metadataEntries, String unit) {
        return h * 31 + timestampBits + name.length() + metadataEntries + unit.length();
    }

    /** A timestamp read back as a double, as {@link #checksum} counts it (integral values as integers). */
    static long timestampBits(double ts) {
        return ts == Math.rint(ts) && !Double.isInfinite(ts) ? (long) ts : Double.doubleToLongBits(ts);
    }

    /**
     * How metadata is laid out in the Arrow files: {@code TYPED} is the library's layout (a typed column per
     * frequent key, chosen from the first batch); {@code NAIVE} puts every value in the general
     * {@code map<utf8, utf8>} column as JSON text, the obvious design that FORMAT.md measures against.
     */
    public enum MetadataLayout {
        TYPED,
        NAIVE
    }

    /** Writes the trace as Arrow IPC and returns the file's size in bytes. */
    public static long writeArrow(Trace trace, Path file, ArrowForm form, ArrowCodec codec, MetadataLayout layout)
            throws IOException {
        ArrowEventWriter.Builder b = ArrowEventWriter.builder().form(form).codec(codec).replaceExisting(true);
        if (layout == MetadataLayout.NAIVE) {
            b.metadataPlan(MetadataPlan.none());
        }
        try (ArrowEventWriter w = b.open(file, trace.header())) {
            for (CounterEvent e : trace.events()) {
                w.write(e);
            }
        }
        return Files.size(file);
    }

    /** Reads an Arrow IPC file (either form) to events and returns their {@link #checksum}. */
    public static long readArrow(Path file) throws IOException {
        try (ArrowEventReader r = ArrowEventReader.open(file)) {
            return checksum(r);
        }
    }

    /**
     * The fast path: {@code events} events without metadata, names and units interned once, integer timestamps,
     * written as Arrow IPC; returns the file's size. Names cycle through {@code names} distinct values.
     */
    public static long writeArrowFastPath(Path file, long events, int names, ArrowForm form, ArrowCodec codec)
            throws IOException {
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).replaceExisting(true)
                .metadataPlan(MetadataPlan.none()).open(file, StreamHeader.empty())) {
            int[] ids = new int[names];
            for (int i = 0; i < names; i++) {
                ids[i] = w.nameId("counter." + i);
            }
            int unit = w.unitId("cycles");
            int k = 0;
            for (long i = 0; i < events; i++) {
                w.write(ids[k], i * 3, unit);
                k = k + 1 == names ? 0 : k + 1;
            }
        }
        return Files.size(file);
    }

    /**
     * A trace as a fast-path caller holds it: names and units numbered once (an estimator knows its counters),
     * timestamps as primitives, metadata maps as they are.
     */
    public record FastInput(String[] names, int[] name, String[] units, int[] unit, boolean[] isInt, long[] ints,
                            double[] floats, List<Map<String, JsonValue>> metadata) {
        /** Numbers the trace's names and units and unpacks its timestamps. */
        public static FastInput of(Trace trace) {
            int n = trace.events().size();
            Map<String, Integer> names = new HashMap<>();
            Map<String, Integer> units = new HashMap<>();
            int[] name = new int[n];
            int[] unit = new int[n];
            boolean[] isInt = new boolean[n];
            long[] ints = new long[n];
            double[] floats = new double[n];
            List<Map<String, JsonValue>> metadata = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CounterEvent e = trace.events().get(i);
                name[i] = names.computeIfAbsent(e.eventName(), k -> names.size());
                unit[i] = units.computeIfAbsent(e.timeUnit(), k -> units.size());
                isInt[i] = e.timestamp().isInteger();
                if (isInt[i]) {
                    ints[i] = e.timestamp().longValue();
                } else {
                    floats[i] = e.timestamp().doubleValue();
                }
                metadata.add(e.metadata());
            }
            String[] nameList = new String[names.size()];
            names.forEach((k, v) -> nameList[v] = k);
            String[] unitList = new String[units.size()];
            units.forEach((k, v) -> unitList[v] = k);
            return new FastInput(nameList, name, unitList, unit, isInt, ints, floats, metadata);
        }
    }

    /** Writes the trace through the fast path (ids, primitive timestamps, metadata maps) and returns the size. */
    public static long writeArrowFast(FastInput in, Trace trace, Path file, ArrowForm form, ArrowCodec codec)
            throws IOException {
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).replaceExisting(true)
                .open(file, trace.header())) {
            int[] nameIds = new int[in.names().length];
            for (int i = 0; i < nameIds.length; i++) {
                nameIds[i] = w.nameId(in.names()[i]);
            }
            int[] unitIds = new int[in.units().length];
            for (int i = 0; i < unitIds.length; i++) {
                unitIds[i] = w.unitId(in.units()[i]);
            }
            for (int i = 0, n = in.name().length; i < n; i++) {
                if (in.isInt()[i]) {
                    w.write(nameIds[in.name()[i]], in.ints()[i], unitIds[in.unit()[i]], in.metadata().get(i));
                } else {
                    w.write(nameIds[in.name()[i]], in.floats()[i], unitIds[in.unit()[i]], in.metadata().get(i));
                }
            }
        }
        return Files.size(file);
    }

    /**
     * Scans the timestamp column of an Arrow file through its vectors (memory-mapped in the file form), loading and
     * verifying that column alone, and returns the sum of the timestamps (floats truncated), without building events.
     */
    public static long scanArrowTimestamps(Path file) throws IOException {
        return scanArrowTimestamps(file, true, true);
    }

    /**
     * As {@link #scanArrowTimestamps(Path)}; {@code verifyBatches} false skips the batch checksums, {@code onlyTimestamps}
     * false loads (and checks, and verifies) every column.
     */
    public static long scanArrowTimestamps(Path file, boolean verifyBatches, boolean onlyTimestamps)
            throws IOException {
        ArrowEventReader.ReadOptions options = ArrowEventReader.ReadOptions.DEFAULT.withVerifyBatches(verifyBatches);
        long sum = 0;
        try (ArrowEventReader r = ArrowEventReader.open(file, null,
                onlyTimestamps ? options.withColumns("timestamp") : options)) {
            while (r.loadNextBatch()) {
                UnionVector ts = (UnionVector) r.root().getVector("timestamp");
                BigIntVector ints = (BigIntVector) ts.getChildrenFromFields().get(0);
                Float8Vector floats = (Float8Vector) ts.getChildrenFromFields().get(1);
                for (int i = 0, n = r.root().getRowCount(); i < n; i++) {
                    sum += ts.getTypeValue(i) == 0 ? ints.get(i) : (long) floats.get(i);
                }
            }
        }
        return sum;
    }

    /**
     * As {@link #scanArrowTimestamps(Path)}, reading each batch's timestamps in place through
     * {@link ArrowEventReader#timestamps()} rather than through the union vector's members.
     */
    public static long scanArrowTimestampsInPlace(Path file) throws IOException {
        long sum = 0;
        try (ArrowEventReader r = ArrowEventReader.open(file, null,
                ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp"))) {
            while (r.loadNextBatch()) {
                TimestampColumn ts = r.timestamps();
                for (int i = 0, n = ts.rows(); i < n; i++) {
                    sum += ts.isInt(i) ? ts.intValue(i) : (long) ts.floatValue(i);
                }
            }
        }
        return sum;
    }

    /** Writes the trace as Parquet in this library's layout and returns the file's size. */
    public static long writeParquet(Trace trace, Path file, ParquetCodec codec) throws IOException {
        try (ParquetEventWriter w = ParquetEventWriter.builder().codec(codec).replaceExisting(true)
                .open(file, trace.header())) {
            for (CounterEvent e : trace.events()) {
                w.write(e);
            }
        }
        return Files.size(file);
    }

    /** Reads a Parquet file of this library's layout to events and returns their {@link #checksum}. */
    public static long readParquet(Path file) throws IOException {
        try (ParquetEventReader r = ParquetEventReader.open(file)) {
            return checksum(r);
        }
    }

    /** Reads the events of a Parquet file that {@code filter} keeps, skipping by statistics; their checksum. */
    public static long readParquetFiltered(Path file, dev.tally.core.EventFilter filter) throws IOException {
        try (ParquetEventReader r = ParquetEventReader.open(file, filter)) {
            return checksum(r);
        }
    }

    /** The same filter over a full read of hespas JSON, the baseline: the checksum of the events it keeps. */
    public static long readJsonFiltered(Path file, dev.tally.core.EventFilter filter) throws IOException {
        long h = 0;
        try (HespasJsonReader r = HespasJsonReader.open(file)) {
            for (CounterEvent e = r.next(); e != null; e = r.next()) {
                if (filter.matches(e)) {
                    h = mix(h, e);
                }
            }
        }
        return h;
    }

    /** The peer a user would otherwise write: parquet-avro, a GenericRecord per event, metadata as JSON text. */
    private static final org.apache.avro.Schema AVRO_PEER = org.apache.avro.SchemaBuilder.record("event").fields()
            .requiredString("event_name")
            .requiredDouble("timestamp")
            .requiredString("timeunit")
            .name("metadata").type().map().values().stringType().noDefault()
            .endRecord();

    /**
     * Writes the trace with parquet-avro the plain way (a GenericRecord per event, the timestamp as a double,
     * metadata as {@code map<string, string>} of JSON text, ZSTD) and returns the file's size.
     */
    public static long writeParquetAvroPeer(Trace trace, Path file) throws IOException {
        Files.deleteIfExists(file);
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.avro.generic.GenericRecord> w =
                org.apache.parquet.avro.AvroParquetWriter.<org.apache.avro.generic.GenericRecord>builder(
                        new org.apache.parquet.io.LocalOutputFile(file))
                        .withSchema(AVRO_PEER)
                        .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                        .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD)
                        .build()) {
            for (CounterEvent e : trace.events()) {
                org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(AVRO_PEER);
                r.put("event_name", e.eventName());
                r.put("timestamp", e.timestamp().doubleValue());
                r.put("timeunit", e.timeUnit());
                java.util.Map<String, String> m = new java.util.HashMap<>();
                for (java.util.Map.Entry<String, dev.tally.core.JsonValue> kv : e.metadata().entrySet()) {
                    m.put(kv.getKey(), dev.tally.core.json.HespasJson.toJson(kv.getValue()));
                }
                r.put("metadata", m);
                w.write(r);
            }
        }
        return Files.size(file);
    }

    /** Reads the peer's file back as GenericRecords and returns a checksum over them. */
    public static long readParquetAvroPeer(Path file) throws IOException {
        long h = 0;
        try (org.apache.parquet.hadoop.ParquetReader<org.apache.avro.generic.GenericRecord> r =
                org.apache.parquet.avro.AvroParquetReader.<org.apache.avro.generic.GenericRecord>builder(
                        new org.apache.parquet.io.LocalInputFile(file))
                        .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).build()) {
            for (org.apache.avro.generic.GenericRecord g = r.read(); g != null; g = r.read()) {
                java.util.Map<?, ?> meta = (java.util.Map<?, ?>) g.get("metadata");
                java.util.Map<String, dev.tally.core.JsonValue> parsed = new java.util.HashMap<>();
                for (java.util.Map.Entry<?, ?> kv : meta.entrySet()) {
                    parsed.put(kv.getKey().toString(), dev.tally.core.json.HespasJson.parseValue(kv.getValue().toString()));
                }
                h = mix(h, timestampBits((Double) g.get("timestamp")), g.get("event_name").toString(), parsed.size(),
                        g.get("timeunit").toString());
            }
        }
        return h;
    }
}
