package org.drtp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writeStringCreatesTheFileAndItsParentsWithUtf8Content() throws IOException {
        Path target = dir.resolve("a/b/out.txt");
        AtomicFiles.writeString(target, "héllo ✓\n");
        assertEquals("héllo ✓\n", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of("out.txt"), listing(dir.resolve("a/b")));
    }

    @Test
    void rewritingReplacesTheWholeContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("summary.json");
        AtomicFiles.writeString(target, "a much longer first version of the content");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, out -> {
            out.write(7);
            out.write(new byte[] {8, 9});
        });
        assertArrayEquals(new byte[] {7, 8, 9}, Files.readAllBytes(target));
        assertEquals(List.of("summary.json"), listing(dir));
    }

    @Test
    void largeContentIsWrittenCompletely() throws IOException {
        byte[] big = new byte[300_000]; // larger than the write buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("big.bin");
        AtomicFiles.write(target, big);
        assertArrayEquals(big, Files.readAllBytes(target));
    }

    @Test
    void bodyThrowingIOExceptionKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("metrics.csv");
        AtomicFiles.writeString(target, "old");
        IOException thrown = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new cont".getBytes(StandardCharsets.UTF_8));
            throw thrown;
        }));
        assertSame(thrown, e.getCause());
        assertEquals("cannot write " + target + ": disk full", e.getMessage(), "names the target, not the temporary file");
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("metrics.csv"), listing(dir));
    }

    @Test
    void bodyThrowingRuntimeExceptionLeavesNoFileWhenThereWasNone() throws IOException {
        Path target = dir.resolve("new.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void failedRenameLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child")); // a non-empty directory cannot be replaced by a file
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertTrue(Files.isDirectory(target.resolve("child")));
        assertEquals(List.of("occupied"), listing(dir));
    }

    @Test
    void parentThatIsARegularFileGivesAnIOExceptionNamingThePath() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "not a directory");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file.resolve("out.txt"), "x"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void unwritableDirectoryGivesAnIOExceptionNamingIt() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores permissions: skip rather than pass vacuously.
            assumeFalse(canCreateFileIn(locked), "running as a user that may write anywhere (root)");
            IOException e = assertThrows(IOException.class,
                    () -> AtomicFiles.writeString(locked.resolve("out.txt"), "x"));
            assertTrue(e.getMessage().contains(locked.toString()), e.getMessage());
            assertEquals(List.of(), listing(locked));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean canCreateFileIn(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A concurrent reader only ever sees one complete version, never a mix or a partial file. */
    @Test
    void concurrentReaderSeesOnlyCompleteVersions() throws Exception {
        Path target = dir.resolve("shared.txt");
        String a = "A".repeat(200_000);
        String b = "B".repeat(150_000);
        AtomicFiles.writeString(target, a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get() && torn.get() == null) {
                try {
                    String s = Files.readString(target);
                    reads.incrementAndGet();
                    if (!s.equals(a) && !s.equals(b)) {
                        torn.set("length " + s.length());
                    }
                } catch (NoSuchFileException e) {
                    torn.set("file missing during a rewrite");
                } catch (IOException e) {
                    torn.set(e.toString());
                }
            }
        });
        reader.start();
        try {
            // At least 40 rewrites, and more until the reader has read the file at least 40 times (however the
            // threads are scheduled), so that reads interleave with rewrites.
            for (int i = 0; (i < 40 || reads.get() < 40) && torn.get() == null && reader.isAlive(); i++) {
                AtomicFiles.writeString(target, i % 2 == 0 ? b : a);
            }
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
        assertEquals(null, torn.get());
        assertTrue(reads.get() >= 40, reads.get() + " reads");
        assertEquals(a, Files.readString(target));
        assertEquals(List.of("shared.txt"), listing(dir));
    }

    @Test
    void neverReplacesASymbolicLinkOrADeviceAndProbesBeforeWriting() throws IOException {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("model.safetensors"), precious);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(link, "new"));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertEquals("keep", Files.readString(precious));
        assertTrue(Files.isSymbolicLink(link));
        assertThrows(IOException.class, () -> AtomicFiles.probe(link));
        Path dev = Path.of("/dev/null");
        if (Files.exists(dev)) {
            IOException d = assertThrows(IOException.class, () -> AtomicFiles.writeString(dev, "x"));
            assertTrue(d.getMessage().contains("not a regular file"), d.getMessage());
        }
        AtomicFiles.probe(dir.resolve("fine.txt"));
        assertEquals(List.of("model.safetensors", "precious.txt"), listing(dir), "the probe file is removed");
        IOException missing = assertThrows(IOException.class, () -> AtomicFiles.probe(dir.resolve("no/such/dir/f")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
