package dev.tally.bench;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes per event of every format, codec and metadata layout on the sample trace, as a Markdown table: the
 * companion of the JMH benchmarks, which measure time only.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tally.bench.SizeReport [events]}
 */
public final class SizeReport {
    private SizeReport() {
    }

    public static void main(String[] args) throws IOException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("tally-sizes-");
        try {
            System.out.println("| shape | format | codec | metadata layout | bytes/event |");
            System.out.println("| --- | --- | --- | --- | ---: |");
            for (SampleTrace.Shape shape : SampleTrace.Shape.values()) {
                Workloads.Trace trace = Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED);
                Path json = dir.resolve("t.json");
                row(shape, "hespas JSON", "-", "-", Workloads.writeJson(trace, json), events);
                Files.delete(json);
                for (ArrowCodec codec : ArrowCodec.values()) {
                    for (Workloads.MetadataLayout layout : Workloads.MetadataLayout.values()) {
                        Path f = dir.resolve("t.arrow");
                        row(shape, "Arrow IPC file", codec.cliName(), layout.name().toLowerCase(java.util.Locale.ROOT),
                                Workloads.writeArrow(trace, f, ArrowForm.FILE, codec, layout), events);
                        Files.delete(f);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static void row(SampleTrace.Shape shape, String format, String codec, String layout, long bytes, long events) {
        System.out.printf("| %s | %s | %s | %s | %.1f |%n", shape.name().toLowerCase(java.util.Locale.ROOT), format, codec,
                layout, bytes / (double) events);
    }
}
