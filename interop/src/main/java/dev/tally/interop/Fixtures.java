package dev.tally.interop;

import dev.tally.arrow.ArrowCodec;
import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.json.HespasJsonWriter;
import dev.tally.core.sample.SampleTrace;
import dev.tally.parquet.ParquetCodec;
import dev.tally.parquet.ParquetDatasetWriter;
import dev.tally.parquet.ParquetEventReader;
import dev.tally.parquet.ParquetEventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of the Python interop suite ({@code interop/python}), called through JPype: writes a stream in
 * every format, form and codec this library offers, through the public API, for other tools to read; and reads
 * files other tools wrote back into hespas JSON.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * Writes the stream of hespas JSON file {@code inputJson} into {@code dir} as {@code NAME.file.CODEC.arrow},
     * {@code NAME.stream.CODEC.arrows} (each Arrow codec) and {@code NAME.CODEC.parquet} (each Parquet codec), with
     * {@code batchRows} rows per Arrow batch. Returns the files written.
     */
    public static List<String> writeAll(String inputJson, String dir, String name, int batchRows) throws IOException {
        return writeAll(() -> HespasJsonReader.open(Path.of(inputJson)), Path.of(dir), name, batchRows);
    }

    /**
     * Writes the seeded sample trace of {@code events} events ({@code int} or {@code float} shape) as
     * {@code sample.json}, in every format as {@link #writeAll} does, and as a Parquet dataset folder
     * {@code sample-dataset/} of {@code datasetFiles} files. Returns the files written.
     */
    public static List<String> writeSample(long events, String shape, String dir, int datasetFiles) throws IOException {
        SampleTrace trace = SampleTrace.of(events, SampleTrace.Shape.valueOf(shape.toUpperCase(Locale.ROOT)),
                SampleTrace.DEFAULT_SEED);
        Path out = Path.of(dir);
        Files.createDirectories(out);
        List<String> files = new ArrayList<>();
        Path json = out.resolve("sample.json");
        copy(trace.reader(), HespasJsonWriter.open(json, trace.header(), true));
        files.add(json.toString());
        files.addAll(writeAll(trace::reader, out, "sample", ArrowEventWriter.DEFAULT_BATCH_ROWS));
        Path dataset = out.resolve("sample-dataset");
        long perFile = Math.max(1, (events + datasetFiles - 1) / datasetFiles);
        copy(trace.reader(), ParquetDatasetWriter.builder().eventsPerFile(perFile).open(dataset, trace.header()));
        files.add(dataset.toString());
        return files;
    }

    /** Reads a file in one of this library's formats (Arrow IPC file or stream, or Parquet) into hespas JSON. */
    public static long toJson(String input, String outputJson) throws IOException {
        Path in = Path.of(input);
        try (EventReader r = input.endsWith(".parquet") ? ParquetEventReader.open(in) : ArrowEventReader.open(in)) {
            return copy(r, HespasJsonWriter.open(Path.of(outputJson), r.header(), true));
        }
    }

    /** A source that can be read more than once. */
    private interface Source {
        EventReader open() throws IOException;
    }

    private static List<String> writeAll(Source source, Path dir, String name, int batchRows) throws IOException {
        Files.createDirectories(dir);
        List<String> files = new ArrayList<>();
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : ArrowCodec.values()) {
                String suffix = form == ArrowForm.FILE ? ".arrow" : ".arrows";
                Path f = dir.resolve(name + "." + form.name().toLowerCase(Locale.ROOT) + "."
                        + codec.name().toLowerCase(Locale.ROOT).replace("_frame", "") + suffix);
                try (EventReader in = source.open()) {
                    copy(in, ArrowEventWriter.builder().form(form).codec(codec).batchRows(batchRows)
                            .replaceExisting(true).open(f, in.header()));
                }
                files.add(f.toString());
            }
        }
        for (ParquetCodec codec : ParquetCodec.values()) {
            Path f = dir.resolve(name + "." + codec.name().toLowerCase(Locale.ROOT) + ".parquet");
            try (EventReader in = source.open()) {
                copy(in, ParquetEventWriter.builder().codec(codec).replaceExisting(true).open(f, in.header()));
            }
            files.add(f.toString());
        }
        return files;
    }

    private static long copy(EventReader in, EventWriter out) throws IOException {
        try (in) {
            return out.writeAllAndClose(in);
        }
    }
}
