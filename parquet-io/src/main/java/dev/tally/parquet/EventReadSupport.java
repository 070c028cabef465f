package dev.tally.parquet;

import dev.tally.core.CounterEvent;
import dev.tally.core.columnar.MetadataPlan;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/** Reads every column of the layout into events, with the plan the file's schema describes. */
final class EventReadSupport extends ReadSupport<CounterEvent> {
    private final MetadataPlan plan;

    EventReadSupport(MetadataPlan plan) {
        this.plan = plan;
    }

    @Override
    public ReadContext init(InitContext context) {
        return new ReadContext(context.getFileSchema());
    }

    @Override
    public RecordMaterializer<CounterEvent> prepareForRead(ParquetConfiguration configuration,
            Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
        return new EventMaterializer(plan);
    }

    /** Hadoop's entry point, required by the base class; the reader never uses a Hadoop configuration. */
    @Deprecated
    @Override
    public RecordMaterializer<CounterEvent> prepareForRead(org.apache.hadoop.conf.Configuration configuration,
            Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
        return new EventMaterializer(plan);
    }
}
