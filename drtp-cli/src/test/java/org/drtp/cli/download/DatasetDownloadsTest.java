package org.drtp.cli.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.drtp.data.Cifar10Format;
import org.drtp.data.TrainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloadsTest {

    @TempDir
    Path dir;

    @Test
    void downloadsUnpacksAndVerifiesACifarArchiveThenKeepsWhatIsThere() throws IOException {
        TarBuilder tar = new TarBuilder().directory("cifar-10-batches-bin/");
        int i = 0;
        for (String f : Cifar10Format.files()) {
            tar.file("cifar-10-batches-bin/" + f, Cifar10Format.encode(new int[] {i++ % 10},
                    new byte[Cifar10Format.IMAGE_BYTES]));
        }
        tar.file("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] tgz = tar.tarGz();
        try (TestServer server = new TestServer()) {
            server.put("cifar-10-binary.tar.gz", tgz);
            DatasetDownloads.Source local = new DatasetDownloads.Source("cifar10", "test copy",
                    List.of(RemoteFile.under(List.of(server.base()), "cifar-10-binary.tar.gz", "MD5",
                            DownloaderTest.md5(tgz))), true, Cifar10Format::isPresent);
            List<String> messages = new ArrayList<>();
            DownloadListener listener = new DownloadListener() {
                @Override
                public void message(String text) {
                    messages.add(text);
                }
            };
            Downloader d = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(5));
            Path target = dir.resolve("cifar10");
            assertEquals(target, DatasetDownloads.download(local, target, d, listener));
            TrainTest tt = Cifar10Format.load(target, "cifar10");
            assertEquals(5, tt.train().size());
            assertFalse(Files.exists(target.resolve("cifar-10-binary.tar.gz")), "the archive is deleted once unpacked");
            DatasetDownloads.download(local, target, d, listener);
            assertEquals(1, server.ranges.size(), "a second run downloads nothing");
            assertTrue(messages.get(messages.size() - 1).contains("already"), messages.toString());
        }
    }

    @Test
    void knowsTheOfficialSourcesAndNamesTheDownloadableIds() {
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", DatasetDownloads.source("CIFAR10").files().get(0).checksum());
        assertTrue(DatasetDownloads.source("cifar10").files().get(0).mirrors().get(0).toString()
                .startsWith("https://www.cs.toronto.edu/"));
        assertEquals(4, DatasetDownloads.source("mnist").files().size());
        for (RemoteFile f : DatasetDownloads.source("mnist").files()) {
            assertTrue(f.mirrors().stream().allMatch(u -> u.getScheme().equals("https")), f.toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetDownloads.source("fashion-mnist"));
        assertTrue(e.getMessage().contains("mnist, cifar10") && e.getMessage().contains("dataset-fashion-mnist"),
                e.getMessage());
    }
}
