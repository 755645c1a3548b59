package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10FormatTest {

    @TempDir
    Path dir;

    /** Writes the six files with {@code perFile} records each; pixel p of record r of file f is (f + r + p) mod 256. */
    private void writeAll(Path where, int perFile) throws IOException {
        Files.createDirectories(where);
        int f = 0;
        for (String name : Cifar10Format.files()) {
            int[] labels = new int[perFile];
            byte[] pixels = new byte[perFile * Cifar10Format.IMAGE_BYTES];
            for (int r = 0; r < perFile; r++) {
                labels[r] = (f * perFile + r) % 10;
                for (int p = 0; p < Cifar10Format.IMAGE_BYTES; p++) {
                    pixels[r * Cifar10Format.IMAGE_BYTES + p] = (byte) (f + r + p);
                }
            }
            Files.write(where.resolve(name), Cifar10Format.encode(labels, pixels));
            f++;
        }
    }

    private static float normalised(int v, int channel) {
        double[] mean = {125.3, 123.0, 113.9};
        double[] std = {63.0, 62.1, 66.7};
        return (v / 255f - (float) (mean[channel] / 255.0)) / (float) (std[channel] / 255.0);
    }

    @Test
    void readsTrainingBatchesInOrderAndTheTestBatchWithTheReferenceNormalisation() throws IOException {
        writeAll(dir, 3);
        TrainTest tt = Cifar10Format.load(dir, "cifar10");
        assertEquals(15, tt.train().size());
        assertEquals(3, tt.test().size());
        assertEquals(new Shape(3, 32, 32), tt.train().exampleShape());
        assertEquals(10, tt.train().numClasses());
        // training example 4 = record 1 of data_batch_2 (file 1); its label and its pixels, channel planes R, G, B
        assertEquals((1 * 3 + 1) % 10, tt.train().label(4));
        for (int p : new int[] {0, 1023, 1024, 2047, 2048, 3071}) {
            assertEquals(normalised((1 + 1 + p) & 0xff, p / 1024), tt.train().feature(4, p), 0f, "pixel " + p);
        }
        assertEquals((5 * 3 + 2) % 10, tt.test().label(2));
        // the recorded normalisation turns raw pixels into the same features (up to float rounding)
        float[] raw = new float[Cifar10Format.IMAGE_BYTES];
        for (int p = 0; p < raw.length; p++) {
            raw[p] = (1 + 1 + p) & 0xff;
        }
        tt.train().normalization().apply(raw, 0, tt.train().exampleShape());
        for (int p = 0; p < raw.length; p++) {
            assertEquals(tt.train().feature(4, p), raw[p], 1e-5f);
        }
        assertEquals(normalised((5 + 2) & 0xff, 0), tt.test().feature(2, 0), 0f);
    }

    @Test
    void acceptsTheArchivesSubdirectoryAndTheCatalogFindsIt() throws IOException {
        writeAll(dir.resolve(Cifar10Format.SUBDIRECTORY), 1);
        assertTrue(Cifar10Format.isPresent(dir));
        TrainTest tt = DatasetCatalog.load("cifar10", dir);
        assertEquals(5, tt.train().size());
        assertEquals("cifar10/train", tt.train().name());
    }

    @Test
    void namesTheMissingFiles() throws IOException {
        writeAll(dir, 1);
        Files.delete(dir.resolve("data_batch_3.bin"));
        Files.delete(dir.resolve("test_batch.bin"));
        DataException e = assertThrows(DataException.class, () -> Cifar10Format.load(dir, "cifar10"));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("test_batch.bin")
                && e.getMessage().contains("datasets download cifar10"), e.getMessage());
        DataException none = assertThrows(DataException.class, () -> Cifar10Format.load(dir.resolve("nope"), "cifar10"));
        assertTrue(none.getMessage().contains("no such directory"), none.getMessage());
    }

    @Test
    void rejectsAFileWhoseLengthIsNotAWholeNumberOfRecords() throws IOException {
        writeAll(dir, 2);
        Path f = dir.resolve("data_batch_4.bin");
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 2 * 3073 - 5));
        DataException e = assertThrows(DataException.class, () -> Cifar10Format.load(dir, "cifar10"));
        assertTrue(e.getMessage().contains("data_batch_4.bin") && e.getMessage().contains("multiple of the 3073-byte"),
                e.getMessage());
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        writeAll(dir, 1);
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        DataException e = assertThrows(DataException.class, () -> Cifar10Format.load(dir, "cifar10"));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsALabelAboveNineNamingTheRecord() throws IOException {
        writeAll(dir, 3);
        Path f = dir.resolve("data_batch_1.bin");
        byte[] b = Files.readAllBytes(f);
        b[2 * 3073] = 57; // CIFAR-100 fine labels go up to 99
        Files.write(f, b);
        DataException e = assertThrows(DataException.class, () -> Cifar10Format.load(dir, "cifar10"));
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("record 2")
                && e.getMessage().contains("label 57"), e.getMessage());
    }

    @Test
    void catalogExplainsHowToGetCifarWhenItIsNowhere() {
        DataException e = assertThrows(DataException.class, () -> DatasetCatalog.load("cifar10", dir.resolve("absent")));
        assertEquals("data_dir", e.setting(), e.getMessage()); // the command line names its flag
    }
}
