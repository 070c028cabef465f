package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A command stopped by SIGINT or SIGTERM leaves no temporary file, except an Arrow stream recover can use. */
@Timeout(300)
class TallyInterruptTest {
    static final List<String> JVM = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g");

    @TempDir
    Path tmp;

    private Path temporary(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).findFirst().orElse(null);
        }
    }

    /** Starts a long generate into {@code out} and waits until its temporary file holds {@code bytes}. */
    private Process startWriting(Path out, Path log, long bytes) throws Exception {
        Process p = ChildJvm.start(JVM, Tally.class, log, "generate", "--events", "2000000000", "-o", out.toString());
        for (int i = 0; i < 6000; i++) {
            Path t = temporary(out.getParent());
            if (t != null && Files.size(t) >= bytes) {
                return p;
            }
            assertTrue(p.isAlive(), () -> "the writer ended early: " + read(log));
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new AssertionError("no temporary file grew to " + bytes + " bytes: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void sigintDuringAParquetWriteRemovesItsTemporaryFile() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Path log = tmp.resolve("log");
        Process p = startWriting(dir.resolve("g.parquet"), log, 1);
        assertEquals(0, new ProcessBuilder("kill", "-INT", "" + p.pid()).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), read(log)); // 128 + SIGINT
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), read(log));
        }
        assertEquals("", read(log));
    }

    @Test
    void sigtermDuringAnArrowStreamWriteKeepsItForRecoverAndSaysSo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Path log = tmp.resolve("log");
        Process p = startWriting(dir.resolve("g.arrows"), log, 4 << 20);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), read(log)); // 128 + SIGTERM
        Path kept = temporary(dir);
        assertTrue(kept != null, "the stream was deleted: " + read(log));
        assertEquals("tally: stopped before the end; kept " + kept + ", the Arrow stream written so far: `tally"
                + " recover " + kept + " OUT` saves its events\n", read(log));
        TallyRunner r = TallyRunner.run("recover", kept.toString(), tmp.resolve("saved.parquet").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("recovered "), r.out());
        assertTrue(!r.out().startsWith("recovered 0 events"), r.out());
    }
}
