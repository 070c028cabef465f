package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.sample.SampleTrace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pipes, FIFOs and standard input are read once; the formats that need a seekable file say so. */
@Timeout(120) // a regression here is a hang (the input opened twice): fail it rather than block the build
class TallyPipeInputTest {
    static final int EVENTS = 2000;

    @TempDir
    Path tmp;

    Path fifo;
    List<CounterEvent> trace;

    @BeforeEach
    void makeAFifo() throws Exception {
        fifo = tmp.resolve("p");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "no mkfifo here");
        try (EventReader r = SampleTrace.of(EVENTS, SampleTrace.Shape.INT, SampleTrace.DEFAULT_SEED).reader()) {
            trace = r.readAll().events();
        }
    }

    private Path generated(String name) {
        Path f = tmp.resolve(name);
        TallyRunner r = TallyRunner.run("generate", "--events", "" + EVENTS, "-o", f.toString());
        assertEquals(0, r.exitCode(), r.err());
        return f;
    }

    /** Writes {@code file} into the FIFO from another thread, as {@code cat file > p &} does. */
    private CompletableFuture<Void> feed(Path file) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(file, out);
            } catch (IOException e) {
                // the reader may refuse the input and close its end: the test checks what it said
            }
        });
    }

    private List<CounterEvent> readBack(Path f) throws IOException {
        try (EventReader r = Input.of(f, null).open()) {
            return r.readAll().events();
        }
    }

    @Test
    void convertReadsHespasJsonFromAFifoOnce() throws Exception {
        Path json = generated("t.json");
        CompletableFuture<Void> writer = feed(json);
        Path out = tmp.resolve("o.parquet");
        TallyRunner r = TallyRunner.run("convert", fifo.toString(), out.toString());
        writer.join();
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(trace, readBack(out));
    }

    @Test
    void catReadsTheArrowStreamFormFromAFifo() throws Exception {
        Path arrows = generated("t.arrows");
        CompletableFuture<Void> writer = feed(arrows);
        TallyRunner r = TallyRunner.run("cat", fifo.toString());
        writer.join();
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(trace, TallyReadCommandsTest.parseLines(r.out()));
    }

    @Test
    void validateAndInspectReadAFifoOnce() throws Exception {
        Path json = generated("t.json");
        CompletableFuture<Void> writer = feed(json);
        TallyRunner v = TallyRunner.run("validate", fifo.toString());
        writer.join();
        assertEquals(0, v.exitCode(), v.err());
        assertEquals(fifo + ": valid (json, 2,000 events read)\n", v.out());

        writer = feed(json);
        TallyRunner i = TallyRunner.run("inspect", fifo.toString());
        writer.join();
        assertEquals(0, i.exitCode(), i.err());
        assertTrue(i.out().contains("size:            unknown (read from a pipe)\n"), i.out());
        assertTrue(i.out().contains("events:          2,000"), i.out());
    }

    @Test
    void parquetAndTheArrowFileFormFromAFifoAreRefusedInOneLine() throws Exception {
        for (String name : List.of("t.parquet", "t.arrow")) {
            Path f = generated(name);
            CompletableFuture<Void> writer = feed(f);
            TallyRunner r = TallyRunner.run("convert", fifo.toString(), tmp.resolve("o.json").toString());
            writer.join();
            String id = name.endsWith("parquet") ? "parquet" : "arrow";
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), name);
            assertEquals("tally: " + fifo + " is not a seekable file: " + id + " ends with its index and can only be"
                    + " read from a file; save it to one first, or send hespas JSON or the Arrow stream form"
                    + " (arrow-stream) through the pipe\n", r.err(), name);
            assertTrue(!Files.exists(tmp.resolve("o.json")));
        }
    }

    @Test
    void aDashReadsStandardInput() throws Exception {
        Path json = generated("t.json");
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(json)));
            TallyRunner r = TallyRunner.run("head", "-n", "3", "-");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(trace.subList(0, 3), TallyReadCommandsTest.parseLines(r.out()));
        } finally {
            System.setIn(saved);
        }
    }
}
