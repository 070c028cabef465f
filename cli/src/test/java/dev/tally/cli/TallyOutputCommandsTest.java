package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.json.HespasJson;
import dev.tally.core.sample.SampleTrace;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** export-trace, validate, plot, progress and help, end to end through the command line. */
class TallyOutputCommandsTest {
    @TempDir
    Path tmp;

    private Path sample(String name, int events) {
        Path f = tmp.resolve(name);
        TallyRunner r = name.endsWith(".arrow") || name.endsWith(".arrows")
                ? TallyRunner.run("generate", "--events", "" + events, "-o", f.toString(), "--batch-rows", "1000")
                : TallyRunner.run("generate", "--events", "" + events, "-o", f.toString());
        assertEquals(0, r.exitCode(), r.err());
        return f;
    }

    private static Map<String, JsonValue> object(JsonValue v) {
        return ((JsonValue.ObjectValue) v).members();
    }

    @Test
    void exportTraceWritesChromeCounterEventsWithTimesInMicroseconds() throws Exception {
        Path in = sample("t.parquet", 1000);
        Path out = tmp.resolve("chrome.json");
        TallyRunner r = TallyRunner.run("export-trace", in.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote 1,000 counter events"), r.out());
        Map<String, JsonValue> doc = object(HespasJson.parseValue(Files.readString(out)));
        List<JsonValue> events = ((JsonValue.ArrayValue) doc.get("traceEvents")).values();
        assertEquals(1000, events.size());
        CounterEvent first;
        try (EventReader t = SampleTrace.of(1000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
            first = t.next();
        }
        Map<String, JsonValue> e = object(events.get(0));
        assertEquals(JsonValue.of("C"), e.get("ph"));
        assertEquals(JsonValue.of(first.eventName()), e.get("name"));
        assertEquals(JsonValue.of(first.timestamp().longValue()), e.get("ts")); // cycles: taken as microseconds
        Map<String, JsonValue> args = object(e.get("args"));
        assertEquals(first.metadata().get("flops"), args.get("flops"));
        assertEquals(first.metadata().get("npu"), args.get("npu"));
        assertFalse(args.containsKey("op"), "a string cannot be plotted");

        Path units = tmp.resolve("units.json");
        Files.writeString(units, "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"a\",\"timestamp\":1500,\"timeunit\":\"ns\",\"metadata\":{}},"
                + "{\"event_name\":\"b\",\"timestamp\":2,\"timeunit\":\"s\",\"metadata\":{\"on\":true}},"
                + "{\"event_name\":\"c\",\"timestamp\":8,\"timeunit\":\"cycles\",\"metadata\":{}}]}");
        Path out2 = tmp.resolve("units-trace.json");
        assertEquals(0, TallyRunner.run("export-trace", units.toString(), "-o", out2.toString(), "--us-per-unit",
                "0.5").exitCode());
        List<JsonValue> ev = ((JsonValue.ArrayValue) object(HespasJson.parseValue(Files.readString(out2)))
                .get("traceEvents")).values();
        assertEquals(List.of(JsonValue.of(1.5), JsonValue.of(2_000_000), JsonValue.of(4)),
                ev.stream().map(x -> object(x).get("ts")).toList());
        assertEquals(Map.of("count", JsonValue.of(1)), object(object(ev.get(0)).get("args")));
        assertEquals(Map.of("on", JsonValue.of(1)), object(object(ev.get(1)).get("args")));
        TallyRunner again = TallyRunner.run("export-trace", units.toString(), "-o", out2.toString());
        assertEquals(Tally.EXIT_FAILURE, again.exitCode());
        assertTrue(again.err().contains("use --force"), again.err());
    }

    @Test
    void validateSaysValidForGoodFilesOfEveryFormat() {
        for (String f : List.of("v.json", "v.arrow", "v.arrows", "v.parquet")) {
            Path file = sample(f, 2500);
            TallyRunner r = TallyRunner.run("validate", file.toString());
            assertEquals(0, r.exitCode(), f + ": " + r.out() + r.err());
            assertTrue(r.out().contains(": valid (") && r.out().contains("2,500 events read"), r.out());
        }
    }

    @Test
    void validateReportsEveryBadEventOfAJsonFileWithItsLocation() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[\n"
                + "{\"event_name\":\"a\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}},\n"
                + "{\"event_name\":\"b\",\"timestamp\":[1],\"timeunit\":\"\",\"metadata\":{}},\n"
                + "[1, 2],\n"
                + "{\"event_name\":\"d\",\"timestamp\":4,\"metadata\":{}},\n"
                + "{\"event_name\":\"e\",\"timestamp\":5,\"timeunit\":\"\",\"metadata\":{}}]}\n");
        TallyRunner r = TallyRunner.run("validate", bad.toString());
        assertEquals(Tally.EXIT_FAILURE, r.exitCode(), r.out());
        List<String> lines = r.out().strip().lines().toList();
        assertTrue(lines.get(0).endsWith("INVALID, 3 problems (json, 2 events read)"), lines.get(0));
        assertTrue(lines.get(1).contains("event 1, field 'timestamp', line 3"), lines.get(1));
        assertTrue(lines.get(2).contains("event 2, line 4") && lines.get(2).contains("not 'list'"), lines.get(2));
        assertTrue(lines.get(3).contains("event 3, field 'timeunit'") && lines.get(3).contains("missing"),
                lines.get(3));
        assertEquals(4, lines.size());

        Path cut = tmp.resolve("cut.json");
        String text = Files.readString(bad);
        Files.writeString(cut, text.substring(0, text.indexOf("[1, 2]") + 3));
        TallyRunner c = TallyRunner.run("validate", cut.toString(), "--max-problems", "5");
        assertEquals(Tally.EXIT_FAILURE, c.exitCode());
        assertTrue(c.out().contains("INVALID, 2 problems"), c.out());
        assertTrue(c.out().contains("note: reading stopped at a problem it cannot go past (malformed JSON"), c.out());
    }

    @Test
    void validateGoesOnPastABadBatchOfAnArrowFileAndStopsAtACutParquetFile() throws Exception {
        sample("b.json", 3000);
        Path arrow = sample("b.arrow", 3000); // three batches of 1,000
        ArrowBlock middle;
        try (RootAllocator a = new RootAllocator();
             ArrowFileReader r = new ArrowFileReader(Files.newByteChannel(arrow), a)) {
            middle = r.getRecordBlocks().get(1);
        }
        try (RandomAccessFile f = new RandomAccessFile(arrow.toFile(), "rw")) {
            byte[] junk = new byte[(int) middle.getBodyLength()];
            java.util.Arrays.fill(junk, (byte) 0xff); // offsets, type ids, lengths: all impossible
            f.seek(middle.getOffset() + middle.getMetadataLength());
            f.write(junk);
        }
        TallyRunner r = TallyRunner.run("validate", arrow.toString());
        assertEquals(Tally.EXIT_FAILURE, r.exitCode(), r.out());
        assertTrue(r.out().contains("INVALID, 1 problem (arrow, 2,000 events read)"), r.out());
        assertTrue(r.out().contains("byte offset " + middle.getOffset()), r.out());

        Path groups = tmp.resolve("g.parquet");
        assertEquals(0, TallyRunner.run("convert", arrow.toString().replace("b.arrow", "b.json"), groups.toString(),
                "--row-group-rows", "1000").exitCode());
        long start;
        long length;
        try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(groups))) {
            assertEquals(3, f.getRowGroups().size());
            org.apache.parquet.hadoop.metadata.ColumnChunkMetaData ts = f.getRowGroups().get(1).getColumns().get(1);
            start = ts.getStartingPos();
            length = ts.getTotalSize();
        }
        try (RandomAccessFile f = new RandomAccessFile(groups.toFile(), "rw")) {
            f.seek(start + length / 2);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // inside a page of the middle row group: its CRC fails
        }
        TallyRunner g = TallyRunner.run("validate", groups.toString());
        assertEquals(Tally.EXIT_FAILURE, g.exitCode(), g.out());
        assertTrue(g.out().contains("INVALID, 1 problem (parquet, 2,000 events read)"), g.out());
        assertTrue(g.out().contains("event 1000"), g.out());

        Path parquet = sample("c.parquet", 3000);
        byte[] bytes = Files.readAllBytes(parquet);
        Files.write(parquet, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TallyRunner p = TallyRunner.run("validate", parquet.toString());
        assertEquals(Tally.EXIT_FAILURE, p.exitCode());
        assertTrue(p.out().contains("INVALID, 1 problem") && p.out().contains("without its footer"), p.out());
    }

    @Test
    void validateRefusesAParquetFileWithAFlippedByteInAColumnIndex() throws Exception {
        sample("i.json", 3000);
        Path groups = tmp.resolve("i.parquet");
        assertEquals(0, TallyRunner.run("convert", tmp.resolve("i.json").toString(), groups.toString(),
                "--row-group-rows", "1000").exitCode());
        org.apache.parquet.internal.hadoop.metadata.IndexReference index;
        try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(groups))) {
            index = f.getRowGroups().get(2).getColumns().get(0).getColumnIndexReference();
        }
        byte[] bytes = Files.readAllBytes(groups);
        bytes[(int) (index.getOffset() + index.getLength() / 2)] ^= 0x21;
        Files.write(groups, bytes);
        TallyRunner v = TallyRunner.run("validate", groups.toString());
        assertEquals(Tally.EXIT_FAILURE, v.exitCode(), v.out());
        assertTrue(v.out().contains("INVALID, 1 problem (parquet, 3,000 events read)"), v.out());
        assertTrue(v.out().contains("row group 2, column 'event_name': column index checksum mismatch"), v.out());
        TallyRunner c = TallyRunner.run("cat", groups.toString(), "--name", "stablehlo.reduce");
        assertEquals(Tally.EXIT_FAILURE, c.exitCode(), c.out());
        assertTrue(c.err().contains("column index checksum mismatch: the file is damaged"), c.err());
    }

    /** Pixels of exactly this colour. */
    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void plotDrawsOneLinePerBusiestNameTheRestAndTheSummedKey() throws Exception {
        Path in = sample("p.arrow", 5000);
        Path png = tmp.resolve("timeline.png");
        TallyRunner r = TallyRunner.run("plot", in.toString(), "-o", png.toString(), "--top", "3", "--size", "900x600");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("5,000 events in 200 bins, 4 lines, energy_pj summed"), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
        int white = pixels(img, Color.WHITE);
        assertTrue(white < img.getWidth() * img.getHeight() * 0.97, "mostly blank: " + white);
        for (int s = 0; s < 3; s++) {
            assertTrue(pixels(img, TimelineChart.SERIES[s]) > 100, "series " + s + " is drawn");
        }
        for (int s = 3; s < TimelineChart.SERIES.length; s++) {
            assertEquals(0, pixels(img, TimelineChart.SERIES[s]), "no series " + s);
        }
        assertTrue(pixels(img, TimelineChart.OTHER) > 100, "the other names are drawn");
        assertTrue(pixels(img, TimelineChart.KEY) > 100, "the summed key is drawn");

        Path plain = tmp.resolve("plain.json");
        Files.writeString(plain, "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"a\",\"timestamp\":1,\"timeunit\":\"ns\",\"metadata\":{\"op\":\"x\"}},"
                + "{\"event_name\":\"b\",\"timestamp\":9,\"timeunit\":\"ns\",\"metadata\":{}},"
                + "{\"event_name\":\"a\",\"timestamp\":20,\"timeunit\":\"ns\",\"metadata\":{}}]}");
        Path png2 = tmp.resolve("plain.png");
        TallyRunner p = TallyRunner.run("plot", plain.toString(), "-o", png2.toString(), "--bins", "10");
        assertEquals(0, p.exitCode(), p.err());
        BufferedImage img2 = ImageIO.read(png2.toFile());
        assertEquals(1400, img2.getWidth());
        assertTrue(pixels(img2, TimelineChart.SERIES[0]) > 100 && pixels(img2, TimelineChart.SERIES[1]) > 100);
        assertEquals(0, pixels(img2, TimelineChart.SERIES[2]));
        assertEquals(0, pixels(img2, TimelineChart.OTHER), "two names: no other line");
        assertEquals(0, pixels(img2, TimelineChart.KEY), "no numeric key: no lower plot");

        TallyRunner badKey = TallyRunner.run("plot", in.toString(), "-o", tmp.resolve("k.png").toString(), "--key",
                "op");
        assertEquals(Tally.EXIT_FAILURE, badKey.exitCode());
        assertTrue(badKey.err().contains("numeric keys: energy_pj, flops, npu"), badKey.err());
        assertFalse(Files.exists(tmp.resolve("k.png")));
    }

    @Test
    void progressLineShowsShareRateAndTimeLeftAndClearsItself() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintWriter(err), "converting", 1_000_000, now::get);
        for (int i = 0; i < 250_000; i++) {
            now.addAndGet(10_000); // ten microseconds per event: 100 K events/s
            p.step();
        }
        String drawn = err.toString();
        assertTrue(drawn.startsWith("\rconverting ["), drawn);
        assertEquals("converting [######..................]  25% 250,000 / 1,000,000 events, 100 K/s, 0:08 left",
                p.line(now.get()));
        p.close();
        assertTrue(err.toString().endsWith("\r"), "cleared");
        assertEquals(250_000, p.done());
        assertEquals("reading 12 events, 12 /s", new Progress(null, "reading", -1, () -> 1_000_000_000L) {
            {
                for (int i = 0; i < 12; i++) {
                    step();
                }
            }
        }.line(2_000_000_000L));
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        CommandLine root = new CommandLine(new Tally());
        for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
            if (c.getKey().equals("help")) {
                continue;
            }
            TallyRunner r = TallyRunner.run(c.getKey(), "--help");
            assertEquals(0, r.exitCode(), c.getKey());
            assertTrue(r.out().contains("Example"), c.getKey() + ": " + r.out());
            assertTrue(r.out().contains("tally " + c.getKey()), c.getKey() + ": " + r.out());
        }
    }

    @Test
    void recoverKeepsEveryCompleteBatchOfACutStreamAndEveryEventOfACutJsonFile() throws Exception {
        List<CounterEvent> all;
        try (EventReader t = SampleTrace.of(5000, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
            all = t.readAll().events();
        }
        Path stream = sample("s.arrows", 5000); // batches of 1,000
        byte[] bytes = Files.readAllBytes(stream);
        Path cut = tmp.resolve("cut.arrows");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 7 / 10));
        Path out = tmp.resolve("recovered.parquet");
        TallyRunner r = TallyRunner.run("recover", cut.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("recovered 3,000 events into"), r.out());
        assertTrue(r.out().contains("the input is damaged after them") && r.out().contains("byte offset"), r.out());
        assertEquals(all.subList(0, 3000), TallyReadCommandsTest.parseLines(TallyRunner.run("cat", out.toString()).out()));

        Path json = sample("j.json", 5000);
        String text = Files.readString(json);
        Path cutJson = tmp.resolve("cut.json");
        Files.writeString(cutJson, text.substring(0, text.length() / 2));
        Path back = tmp.resolve("back.arrow");
        TallyRunner j = TallyRunner.run("recover", cutJson.toString(), back.toString());
        assertEquals(0, j.exitCode(), j.err());
        List<CounterEvent> kept = TallyReadCommandsTest.parseLines(TallyRunner.run("cat", back.toString()).out());
        assertTrue(kept.size() > 2000 && kept.size() < 2600, "about half: " + kept.size());
        assertEquals(all.subList(0, kept.size()), kept);
        assertTrue(j.out().contains("recovered " + String.format("%,d", kept.size()) + " events"), j.out());

        TallyRunner again = TallyRunner.run("recover", cutJson.toString(), back.toString());
        assertEquals(Tally.EXIT_FAILURE, again.exitCode());
        assertTrue(again.err().contains("use --force"), again.err());

        Path parquet = sample("p.parquet", 3000);
        byte[] pb = Files.readAllBytes(parquet);
        Files.write(parquet, java.util.Arrays.copyOf(pb, pb.length / 2));
        TallyRunner p = TallyRunner.run("recover", parquet.toString(), tmp.resolve("p.json").toString());
        assertEquals(Tally.EXIT_FAILURE, p.exitCode());
        assertTrue(p.err().contains("without its footer"), p.err());
        assertFalse(Files.exists(tmp.resolve("p.json")));
    }
}
