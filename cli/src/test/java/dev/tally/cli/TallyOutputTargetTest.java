package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every writing command refuses, in one line and before any work, an output that is not a regular file. */
class TallyOutputTargetTest {
    @TempDir
    Path tmp;

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        }
    }

    @Test
    void writingCommandsRefuseAFifoWithForceAndLeaveIt() throws Exception {
        Path fifo = tmp.resolve("out.parquet");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "no mkfifo here");
        Path in = tmp.resolve("in.json");
        assertEquals(0, TallyRunner.run("generate", "--events", "20", "-o", in.toString()).exitCode());
        String expected = "tally: " + fifo + ": is a FIFO (named pipe), not a regular file; tally writes only regular"
                + " files and replaces nothing else\n";
        for (List<String> args : List.of(
                List.of("generate", "--events", "20", "-o", fifo.toString(), "--force"),
                List.of("convert", in.toString(), fifo.toString(), "--force"),
                List.of("export-trace", in.toString(), "-o", fifo.toString(), "--force"),
                List.of("plot", in.toString(), "-o", fifo.toString(), "--force"))) {
            TallyRunner r = TallyRunner.run(args.toArray(String[]::new));
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), args + ": " + r.err());
            assertEquals(expected, r.err(), args.toString());
            assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), args.toString());
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aSymbolicLinkOutputIsRefusedAndItsFileKept() throws Exception {
        Path real = Files.writeString(tmp.resolve("real.json"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), real);
        TallyRunner r = TallyRunner.run("generate", "--events", "5", "-o", link.toString(), "--force");
        assertEquals(Tally.EXIT_FAILURE, r.exitCode());
        assertEquals("tally: " + link + ": is a symbolic link, not a regular file; tally writes only regular files"
                + " and replaces nothing else (name the file it points to instead)\n", r.err());
        assertEquals("keep", Files.readString(real));
    }

    @Test
    void aMissingOutputFolderIsNamedNotTheTemporaryFile() {
        for (String ext : List.of("json", "arrow", "arrows", "parquet")) {
            Path out = tmp.resolve("nodir").resolve("x." + ext);
            TallyRunner r = TallyRunner.run("generate", "--events", "5", "-o", out.toString());
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), ext);
            assertEquals("tally: " + out + ": cannot write it: its folder " + tmp.resolve("nodir")
                    + " does not exist\n", r.err(), ext);
        }
    }
}
