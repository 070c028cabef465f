package dev.tally.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.Timestamp;
import dev.tally.core.sample.SampleTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parquet-avro's reader, which many JVM tools use, reads our files as plain records with the same values. */
class AvroCompatibilityTest {
    @TempDir
    Path tmp;

    @Test
    void avroParquetReaderReadsEveryEventWithTheSameValues() throws Exception {
        SampleTrace trace = SampleTrace.of(3_000, SampleTrace.Shape.FLOAT, 5);
        Path file = tmp.resolve("t.parquet");
        List<CounterEvent> events = new ArrayList<>();
        try (EventReader in = trace.reader()) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                events.add(e);
            }
        }
        // Integers a double cannot hold exactly; the others are exact in the double column alone.
        Map<String, JsonValue> meta = events.get(0).metadata();
        for (long big : new long[] {(1L << 53) + 1, -(1L << 53) - 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, -(1L << 53)}) {
            events.add(new CounterEvent("big", Timestamp.of(big), "us", meta));
        }
        try (ParquetEventWriter w = ParquetEventWriter.builder().open(file, trace.header())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        int i = 0;
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withConf(new PlainParquetConfiguration()).build()) {
            for (GenericRecord g = r.read(); g != null; g = r.read(), i++) {
                CounterEvent want = events.get(i);
                assertEquals(want.eventName(), g.get("event_name").toString());
                assertEquals(want.timestamp().doubleValue(), (Double) g.get("timestamp"));
                if (want.timestamp() instanceof Timestamp.IntTimestamp t && (t.value() > (1L << 53) || t.value() < -(1L << 53))) {
                    assertEquals(t.value(), (Long) g.get("timestamp_int"));
                } else {
                    assertNull(g.get("timestamp_int"), "event " + i);
                }
                assertEquals(want.timeUnit(), g.get("timeunit").toString());
                assertEquals(((JsonValue.IntValue) want.metadata().get("npu")).value(), (Long) g.get("metadata_npu"));
                assertEquals(((JsonValue.StringValue) want.metadata().get("op")).value(), g.get("metadata_op").toString());
                assertEquals(0, ((Map<?, ?>) g.get("metadata")).size());
            }
        }
        assertEquals(events.size(), i);
    }
}
