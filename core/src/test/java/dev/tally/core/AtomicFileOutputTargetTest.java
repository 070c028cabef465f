package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an output may replace: regular files only, and errors that name the destination, not the temporary. */
class AtomicFileOutputTargetTest {
    @TempDir
    Path tmp;

    static boolean run(String... command) throws Exception {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path target, boolean replace) throws IOException {
        AtomicFileOutput out = AtomicFileOutput.create(target, replace);
        out.stream().write("new".getBytes(StandardCharsets.UTF_8));
        out.commit();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Test
    void aFifoIsRefusedEvenWithReplaceAndStaysAFifo() throws Exception {
        Path fifo = tmp.resolve("p");
        assumeTrue(run("mkfifo", fifo.toString()), "no mkfifo here");
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(fifo, true));
        assertEquals(fifo + ": is a FIFO (named pipe), not a regular file; tally writes only regular files and"
                + " replaces nothing else", e.getMessage());
        assertTrue(!Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS) && Files.exists(fifo));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aDeviceNodeIsRefusedAndKept() throws Exception {
        Path node = tmp.resolve("mynull");
        assumeTrue(run("mknod", node.toString(), "c", "1", "3"), "mknod needs root");
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(node, true));
        assertTrue(e.getMessage().startsWith(node + ": is a character device, not a regular file"), e.getMessage());
        assertTrue(!Files.isRegularFile(node, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path real = Files.writeString(tmp.resolve("real"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(link, true));
        assertEquals(link + ": is a symbolic link, not a regular file; tally writes only regular files and replaces"
                + " nothing else (name the file it points to instead)", e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("old", Files.readString(real));
    }

    @Test
    void aDanglingSymbolicLinkIsRefusedToo() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        assertThrows(FileSystemException.class, () -> write(link, true));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(!Files.exists(tmp.resolve("nowhere")));
    }

    @Test
    void aFolderIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(dir, true));
        assertTrue(e.getMessage().startsWith(dir + ": is a folder, not a regular file"), e.getMessage());
    }

    @Test
    void aRegularFileIsReplacedOnlyWhenAllowed() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> write(f, false));
        assertEquals("old", Files.readString(f));
        write(f, true);
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    }

    @Test
    void aMissingFolderIsReportedUnderTheDestinationsName() {
        Path target = tmp.resolve("nodir").resolve("x.parquet");
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(target, true));
        assertEquals(target + ": cannot write it: its folder " + tmp.resolve("nodir") + " does not exist",
                e.getMessage());
    }

    @Test
    void aFolderThatIsAFileIsReportedAsSuch() throws Exception {
        Path notDir = Files.writeString(tmp.resolve("plain"), "x");
        Path target = notDir.resolve("x.json");
        FileSystemException e = assertThrows(FileSystemException.class, () -> write(target, true));
        assertEquals(target + ": cannot write it: " + notDir + " is not a folder", e.getMessage());
    }

    @Test
    void aReadOnlyFolderIsReportedUnderTheDestinationsName() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        assumeTrue(dir.toFile().setWritable(false, false));
        try {
            assumeTrue(!Files.isWritable(dir), "root writes anywhere");
            Path target = dir.resolve("x.json");
            FileSystemException e = assertThrows(FileSystemException.class, () -> write(target, true));
            assertEquals(target + ": cannot write it: permission denied in its folder " + dir, e.getMessage());
        } finally {
            dir.toFile().setWritable(true, false);
        }
    }
}
