package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileOutputTest {
    @TempDir
    Path dir;

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theTargetAppearsOnlyAtCommitWithEveryByteWritten() throws IOException {
        Path target = dir.resolve("out.bin");
        byte[] data = randomBytes(300_000, 1);
        AtomicFileOutput out = AtomicFileOutput.create(target, false, 64 * 1024);
        OutputStream s = out.stream();
        s.write(data, 0, 1000);
        s.write(data[1000]);
        s.write(data, 1001, data.length - 1001);
        s.close(); // closing the stream neither commits nor closes the file
        assertFalse(Files.exists(target));
        assertTrue(Files.exists(out.tempPath()));
        out.commit();
        assertArrayEquals(data, Files.readAllBytes(target));
        assertFalse(Files.exists(out.tempPath()));
    }

    @Test
    void theStreamForcesEveryIntervalWhileWriting() throws IOException {
        Path target = dir.resolve("out.bin");
        byte[] data = randomBytes(1 << 20, 2);
        AtomicFileOutput out = AtomicFileOutput.create(target, false, 64 * 1024);
        OutputStream s = out.stream();
        for (int off = 0; off < data.length; off += 4096) {
            s.write(data, off, 4096);
        }
        // 16 intervals written; a force still running when the next is due covers it, so at least one started
        assertTrue(out.forcesStarted() >= 1, "forces started: " + out.forcesStarted());
        assertTrue(out.forcesStarted() <= 16, "forces started: " + out.forcesStarted());
        out.commit();
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void aWriterOnTheChannelForcesWhenItSaysHowFarItWrote() throws IOException {
        Path target = dir.resolve("out.bin");
        byte[] data = randomBytes(200_000, 3);
        AtomicFileOutput out = AtomicFileOutput.create(target, false, 100_000);
        out.wrote(0);
        assertEquals(0, out.forcesStarted());
        out.channel().write(ByteBuffer.wrap(data, 0, 99_999));
        out.wrote(99_999);
        assertEquals(0, out.forcesStarted(), "under the interval");
        out.channel().write(ByteBuffer.wrap(data, 99_999, data.length - 99_999));
        out.wrote(data.length);
        assertEquals(1, out.forcesStarted());
        out.commit();
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void abortWhileForcingDeletesTheTemporaryFileAndLeavesTheTargetAlone() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.write(target, new byte[] {7, 7, 7});
        AtomicFileOutput out = AtomicFileOutput.create(target, true, 1024);
        OutputStream s = out.stream();
        s.write(randomBytes(1 << 20, 4));
        assertTrue(out.forcesStarted() >= 1);
        out.abort();
        assertFalse(Files.exists(out.tempPath()));
        assertArrayEquals(new byte[] {7, 7, 7}, Files.readAllBytes(target));
        out.abort(); // a second abort does nothing
        out.commit(); // nor does a commit after it
        assertArrayEquals(new byte[] {7, 7, 7}, Files.readAllBytes(target));
    }

    @Test
    void anExistingTargetIsRefusedUnlessItMayBeReplaced() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.write(target, new byte[] {1});
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFileOutput.create(target, false));
        AtomicFileOutput out = AtomicFileOutput.create(target, true);
        out.stream().write(new byte[] {2, 3});
        out.commit();
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(target));
    }

    @Test
    void aTargetCreatedMeanwhileIsNotReplacedAtCommit() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFileOutput out = AtomicFileOutput.create(target, false);
        out.stream().write(new byte[] {2, 3});
        Files.write(target, new byte[] {1});
        assertThrows(FileAlreadyExistsException.class, out::commit);
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
        assertFalse(Files.exists(out.tempPath()), "the temporary file is deleted when the commit fails");
    }
}
