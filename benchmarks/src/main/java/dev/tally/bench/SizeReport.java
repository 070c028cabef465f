package dev.tally.bench;

import dev.tally.core.sample.SampleTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes per event of every {@link Subject} on the sample trace, for both timestamp shapes and both kinds of
 * metadata values (repeating per op, as an estimator computes them; varying per event, as measurements do), as a
 * Markdown table: the companion of the JMH benchmarks, which measure time.
 *
 * <p>Run: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.tally.bench.SizeReport [events]}
 */
public final class SizeReport {
    private SizeReport() {
    }

    /** Bytes per event of every subject writing the sample trace of this kind. */
    public static Map<Subject, Double> sizes(long events, SampleTrace.Shape shape, SampleTrace.Values values)
            throws IOException {
        Map<Subject, Double> out = new EnumMap<>(Subject.class);
        Workloads.Trace trace = Workloads.materialise(events, shape, SampleTrace.DEFAULT_SEED, values);
        Path dir = Files.createTempDirectory("tally-sizes-");
        try {
            for (Subject s : Subject.values()) {
                Path f = s.file(dir, "size");
                out.put(s, s.write(Subject.Input.of(trace, s), f) / (double) events);
                Files.delete(f);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        System.out.printf("Bytes per event, %,d sample events.%n%n", events);
        System.out.println("| impl | format | codec | api | int, repeating | float, repeating | int, varying | float, varying |");
        System.out.println("| --- | --- | --- | --- | ---: | ---: | ---: | ---: |");
        Map<String, Map<Subject, Double>> all = new java.util.LinkedHashMap<>();
        for (SampleTrace.Values values : SampleTrace.Values.values()) {
            for (SampleTrace.Shape shape : SampleTrace.Shape.values()) {
                all.put(shape + "/" + values, sizes(events, shape, values));
            }
        }
        for (Subject s : Subject.values()) {
            StringBuilder row = new StringBuilder("| " + s.impl + " | " + s.format + " | " + s.codec + " | " + s.api);
            for (Map<Subject, Double> m : all.values()) {
                row.append(String.format(Locale.ROOT, " | %.1f", m.get(s)));
            }
            System.out.println(row.append(" |"));
        }
    }
}
