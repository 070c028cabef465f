package dev.tally.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write to standard output fails the command; a closed pipe ends the work quietly. */
class TallyStandardOutputTest {
    @TempDir
    Path tmp;

    Path trace;

    @BeforeEach
    void writeATrace() {
        trace = tmp.resolve("t.parquet");
        TallyRunner r = TallyRunner.run("generate", "--events", "50000", "-o", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    /** Accepts {@code room} bytes, then fails every write with {@code reason}, counting the writes it refused. */
    static final class FailingStream extends OutputStream {
        final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
        final int room;
        final String reason;
        int refused;

        FailingStream(int room, String reason) {
            this.room = room;
            this.reason = reason;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (accepted.size() + len > room) {
                refused++;
                throw new IOException(reason);
            }
            accepted.write(b, off, len);
        }
    }

    @Test
    void aFullDeviceFailsEveryPrintingCommandWithOneLine() {
        for (List<String> args : List.of(List.of("cat", trace.toString()), List.of("head", trace.toString()),
                List.of("stats", trace.toString()), List.of("inspect", "--json", trace.toString()),
                List.of("validate", trace.toString()), List.of("--help"))) {
            FailingStream full = new FailingStream(0, "No space left on device");
            TallyRunner r = TallyRunner.runTo(full, args.toArray(String[]::new));
            assertEquals(Tally.EXIT_FAILURE, r.exitCode(), args + ": " + r.err());
            assertEquals("tally: cannot write to standard output: No space left on device\n", r.err(), args.toString());
        }
    }

    @Test
    void aClosedPipeEndsCatAtTheFirstRefusedWriteWithoutAMessage() {
        FailingStream pipe = new FailingStream(200, "Broken pipe");
        TallyRunner r = TallyRunner.runTo(pipe, "cat", trace.toString());
        assertEquals(Tally.EXIT_READER_GONE, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(1, pipe.refused, "cat went on writing after the reader had gone");
        assertTrue(pipe.accepted.size() <= 200);
    }

    @Test
    void whatFitsIsWrittenInFullAndTheCommandSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TallyRunner r = TallyRunner.runTo(out, "head", "-n", "3", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(3, out.toString(StandardCharsets.UTF_8).strip().split("\n").length);
    }

    @Test
    void devFullIsRefusedLikeAnyFullDevice() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        try (OutputStream out = new FileOutputStream(full.toFile())) {
            TallyRunner r = TallyRunner.runTo(out, "cat", trace.toString());
            assertEquals(Tally.EXIT_FAILURE, r.exitCode());
            assertEquals("tally: cannot write to standard output: No space left on device\n", r.err());
        }
    }
}
