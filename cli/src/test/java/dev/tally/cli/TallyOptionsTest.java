package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options are taken as given or refused: none is silently ignored or split. */
class TallyOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void aNameWithCommasIsSelectedWhole() throws Exception {
        Path in = tmp.resolve("c.json");
        Files.writeString(in, "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":["
                + "{\"event_name\":\"conv(1,2)\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}},"
                + "{\"event_name\":\"conv(1\",\"timestamp\":2,\"timeunit\":\"\",\"metadata\":{}},"
                + "{\"event_name\":\"2)\",\"timestamp\":3,\"timeunit\":\"\",\"metadata\":{}},"
                + "{\"event_name\":\"relu\",\"timestamp\":4,\"timeunit\":\"\",\"metadata\":{}}]}");
        for (String file : List.of("c.json", "c.parquet", "c.arrow")) {
            Path f = tmp.resolve(file);
            if (!file.equals("c.json")) {
                assertEquals(0, TallyRunner.run("convert", in.toString(), f.toString()).exitCode());
            }
            TallyRunner one = TallyRunner.run("cat", f.toString(), "--name", "conv(1,2)");
            assertEquals(0, one.exitCode(), one.err());
            assertEquals("{\"event_name\":\"conv(1,2)\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}}\n",
                    one.out(), file);
            TallyRunner two = TallyRunner.run("cat", f.toString(), "--name", "conv(1,2)", "--name", "relu");
            assertEquals(2, two.out().strip().split("\n").length, file + ": " + two.out());
        }
    }

    @Test
    void optionsForAnotherFormatAreRefusedNotIgnored() {
        String json = tmp.resolve("x.json").toString();
        String parquet = tmp.resolve("x.parquet").toString();
        String arrow = tmp.resolve("x.arrow").toString();
        record Case(List<String> args, String error) {
        }
        for (Case c : List.of(
                new Case(List.of("-o", json, "--codec", "zstd"), "tally: --codec does not apply to hespas JSON output,"
                        + " which is not compressed (compress the file afterwards, or write Arrow or Parquet)\n"),
                new Case(List.of("-o", parquet, "--batch-rows", "10"),
                        "tally: --batch-rows applies to Arrow output only, not parquet (Parquet's is --row-group-rows)\n"),
                new Case(List.of("-o", json, "--batch-rows", "10"),
                        "tally: --batch-rows applies to Arrow output only, not json\n"),
                new Case(List.of("-o", arrow, "--row-group-rows", "10"),
                        "tally: --row-group-rows applies to Parquet output only, not arrow (Arrow's is --batch-rows)\n"))) {
            List<String> args = new java.util.ArrayList<>(List.of("generate", "--events", "10"));
            args.addAll(c.args());
            TallyRunner r = TallyRunner.run(args.toArray(String[]::new));
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), c.args().toString());
            assertEquals(c.error(), r.err(), c.args().toString());
        }
        assertTrue(!Files.exists(Path.of(json)) && !Files.exists(Path.of(parquet)) && !Files.exists(Path.of(arrow)));
    }

    @Test
    void dashAsAnOutputIsRefusedAndWritesNoFileNamedDash() {
        Path in = tmp.resolve("in.json");
        assertEquals(0, TallyRunner.run("generate", "--events", "5", "-o", in.toString()).exitCode());
        String expected = "tally: - as an output: tally writes files, not standard output; name a file (tally cat"
                + " prints events to standard output as JSON lines)\n";
        for (List<String> args : List.of(List.of("generate", "--events", "5", "-o", "-", "--to", "json"),
                List.of("convert", in.toString(), "-", "--to", "parquet"),
                List.of("export-trace", in.toString(), "-o", "-"))) {
            TallyRunner r = TallyRunner.run(args.toArray(String[]::new));
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), args.toString());
            assertEquals(expected, r.err(), args.toString());
        }
        assertTrue(!Files.exists(Path.of("-")));
    }
}
