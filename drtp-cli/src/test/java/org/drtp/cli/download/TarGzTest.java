package org.drtp.cli.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {

    @TempDir
    Path dir;

    private Path archive(byte[] tarGz) throws IOException {
        Path a = dir.resolve("a.tar.gz");
        Files.write(a, tarGz);
        return a;
    }

    @Test
    void extractsDirectoriesAndFilesOfAnyLengthIncludingLongNames() throws IOException {
        byte[] big = new byte[3 * 512 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        String longName = "deep/" + "n".repeat(120) + ".bin";
        byte[] tgz = new TarBuilder().directory("./").directory("cifar-10-batches-bin/")
                .file("cifar-10-batches-bin/data_batch_1.bin", big)
                .file("cifar-10-batches-bin/empty.txt", new byte[0])
                .entry("cifar-10-batches-bin/link", new byte[0], '2')
                .longNamedFile(longName, new byte[] {1, 2, 3}).tarGz();
        Path out = dir.resolve("out");
        List<Path> files = TarGz.extract(archive(tgz), out);
        assertEquals(3, files.size());
        assertArrayEquals(big, Files.readAllBytes(out.resolve("cifar-10-batches-bin/data_batch_1.bin")));
        assertEquals(0, Files.size(out.resolve("cifar-10-batches-bin/empty.txt")));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve(longName)));
        assertFalse(Files.exists(out.resolve("cifar-10-batches-bin/link")), "links are not created");
        try (var s = Files.walk(out)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")));
        }
    }

    @Test
    void readsPaxLongNamesAsATarWriterOtherThanOursWritesThem() throws IOException {
        String longName = "cifar-10-batches-bin/" + "p".repeat(150) + ".bin";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(longName);
            e.setSize(5);
            tar.putArchiveEntry(e);
            tar.write(new byte[] {5, 4, 3, 2, 1});
            tar.closeArchiveEntry();
        }
        Path out = dir.resolve("pax");
        assertEquals(List.of(out.toAbsolutePath().normalize().resolve(longName)),
                TarGz.extract(archive(gzip(bytes.toByteArray())), out));
        assertArrayEquals(new byte[] {5, 4, 3, 2, 1}, Files.readAllBytes(out.resolve(longName)));
    }

    @Test
    void refusesEntriesThatWouldLandOutsideTheTargetDirectory() throws IOException {
        for (String evil : new String[] {"../evil.txt", "a/../../evil.txt", "/tmp/evil.txt"}) {
            Path a = archive(new TarBuilder().file(evil, new byte[] {1}).tarGz());
            DataException e = assertThrows(DataException.class, () -> TarGz.extract(a, dir.resolve("out")));
            assertTrue(e.getMessage().contains("refusing archive entry"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("evil.txt")));
    }

    @Test
    void detectsCorruptedHeadersTruncationAndNonGzipInput() throws IOException {
        byte[] tar = new TarBuilder().file("x.bin", new byte[1000]).tar();
        tar[3] ^= 0x55; // name byte: the header checksum no longer matches
        Path bad = dir.resolve("bad.tar.gz");
        Files.write(bad, gzip(tar));
        DataException e = assertThrows(DataException.class, () -> TarGz.extract(bad, dir.resolve("o1")));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        byte[] whole = new TarBuilder().file("x.bin", new byte[1000]).tar();
        Path cut = dir.resolve("cut.tar.gz");
        Files.write(cut, gzip(java.util.Arrays.copyOf(whole, 700)));
        e = assertThrows(DataException.class, () -> TarGz.extract(cut, dir.resolve("o2")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path notGz = dir.resolve("plain.tar.gz");
        Files.write(notGz, whole);
        e = assertThrows(DataException.class, () -> TarGz.extract(notGz, dir.resolve("o3")));
        assertTrue(e.getMessage().contains("not a gzip file"), e.getMessage());
    }

    private static byte[] gzip(byte[] b) throws IOException {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(o)) {
            g.write(b);
        }
        return o.toByteArray();
    }
}
