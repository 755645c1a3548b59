package org.drtp.cli.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.drtp.data.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {

    @TempDir
    Path dir;

    private TestServer server;
    private final byte[] content = new byte[100_000];
    private final Downloader downloader = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(1));

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        server = new TestServer();
        server.put("data.bin", content);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private RemoteFile file(String checksum) {
        return new RemoteFile("data.bin", List.of(server.uri("data.bin")), "MD5", checksum);
    }

    @Test
    void downloadsVerifiesAndRenamesTheFile() throws IOException {
        Path p = downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertEquals(dir.resolve("data.bin"), p);
        assertArrayEquals(content, Files.readAllBytes(p));
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
        assertEquals(List.of(""), server.ranges);
    }

    @Test
    void resumesAPartialFileWithARangeRequest() throws IOException {
        Files.write(dir.resolve("data.bin.part"), java.util.Arrays.copyOf(content, 12_345));
        Path p = downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertEquals(List.of("bytes=12345-"), server.ranges);
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void aStalledDownloadKeepsItsBytesAndTheNextRunFetchesOnlyTheRest() throws IOException {
        server.breakAfter = 40_000;
        DataException e = assertThrows(DataException.class,
                () -> downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT));
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
        long kept = Files.size(dir.resolve("data.bin.part"));
        assertTrue(kept > 0 && kept <= 40_000, "kept " + kept);
        Path p = downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertEquals("bytes=" + kept + "-", server.ranges.get(server.ranges.size() - 1));
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void aServerIgnoringRangesMakesTheDownloadStartOver() throws IOException {
        server.honourRanges = false;
        Files.write(dir.resolve("data.bin.part"), new byte[] {9, 9, 9});
        Path p = downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void aCompletePartFileIsVerifiedWhenTheServerSaysThereIsNothingLeft() throws IOException {
        Files.write(dir.resolve("data.bin.part"), content);
        Path p = downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertEquals(List.of("bytes=100000-"), server.ranges);
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void aChecksumMismatchDeletesTheDownloadAndSaysHowToFetchItByHand() {
        String wrong = "0123456789abcdef0123456789abcdef";
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(file(wrong), dir, DownloadListener.SILENT));
        assertTrue(e.getMessage().contains("does not match the published " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("by hand"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
        assertFalse(Files.exists(dir.resolve("data.bin")));
    }

    @Test
    void aVerifiedFileAlreadyInPlaceIsNotDownloadedAgainButACorruptOneIs() throws IOException {
        Files.write(dir.resolve("data.bin"), content);
        downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertTrue(server.ranges.isEmpty());
        Files.write(dir.resolve("data.bin"), new byte[] {1, 2, 3});
        downloader.fetch(file(md5(content)), dir, DownloadListener.SILENT);
        assertEquals(1, server.ranges.size());
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("data.bin")));
    }

    @Test
    void aMismatchingFileInPlaceSurvivesAFailedDownload() throws IOException {
        byte[] handPlaced = {1, 2, 3};
        Files.write(dir.resolve("data.bin"), handPlaced);
        RemoteFile f = new RemoteFile("data.bin", List.of(server.uri("nothing-here")), "MD5", md5(content));
        assertThrows(DataException.class, () -> downloader.fetch(f, dir, DownloadListener.SILENT));
        assertArrayEquals(handPlaced, Files.readAllBytes(dir.resolve("data.bin")));
    }

    @Test
    void triesTheNextMirrorWhenOneFails() throws IOException {
        RemoteFile f = new RemoteFile("data.bin", List.of(server.uri("missing/data.bin"), server.uri("data.bin")), "MD5",
                md5(content));
        assertArrayEquals(content, Files.readAllBytes(downloader.fetch(f, dir, DownloadListener.SILENT)));
    }

    @Test
    void aMissingFileReportsTheHttpStatus() {
        RemoteFile f = new RemoteFile("data.bin", List.of(server.uri("nothing-here")), "MD5", md5(content));
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(f, dir, DownloadListener.SILENT));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void anUnreachableHostIsReportedAsOffline() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        RemoteFile f = new RemoteFile("data.bin", List.of(URI.create("http://127.0.0.1:" + port + "/data.bin")), "MD5",
                md5(content));
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(f, dir, DownloadListener.SILENT));
        assertTrue(e.getMessage().contains("cannot reach 127.0.0.1") && e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void checksumsAreComputedOverTheWholeFile() throws IOException {
        Path p = dir.resolve("x");
        Files.write(p, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", Checksums.hex(p, "MD5"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.hex(p, "SHA-256"));
    }
}
