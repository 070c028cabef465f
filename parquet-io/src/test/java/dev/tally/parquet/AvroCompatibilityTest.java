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
        try (EventReader in = trace.reader()) {
            ParquetEventWriter.builder().open(file, in.header()).writeAllAndClose(in);
        }
        int i = 0;
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withConf(new PlainParquetConfiguration()).build()) {
            for (GenericRecord g = r.read(); g != null; g = r.read(), i++) {
                CounterEvent want = events.get(i);
                assertEquals(want.eventName(), g.get("event_name").toString());
                assertEquals(want.timestamp().doubleValue(), (Double) g.get("timestamp"));
                if (want.timestamp() instanceof Timestamp.IntTimestamp t) {
                    assertEquals(t.value(), (Long) g.get("timestamp_int"));
                } else {
                    assertNull(g.get("timestamp_int"));
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
