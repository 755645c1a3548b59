package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {

    /** Where the Debian package dataset-fashion-mnist installs its files. */
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private static int[] classCounts(Dataset... sets) {
        int[] counts = new int[10];
        for (Dataset ds : sets) {
            for (int i = 0; i < ds.size(); i++) {
                counts[ds.label(i)]++;
            }
        }
        return counts;
    }

    @Test
    void knowsTheThreeBuiltInDatasets() {
        assertTrue(DatasetCatalog.ids().containsAll(java.util.List.of("mnist-10k", "mnist", "fashion-mnist")),
                DatasetCatalog.ids().toString());
    }

    @Test
    void embeddedMnist10kHas8000TrainAnd2000TestDigitsWithTheKnownClassCounts() {
        TrainTest tt = DatasetCatalog.load("mnist-10k", null);
        assertEquals(8000, tt.train().size());
        assertEquals(2000, tt.test().size());
        assertEquals(new Shape(1, 28, 28), tt.train().exampleShape());
        assertEquals(new Shape(1, 28, 28), tt.test().exampleShape());
        assertEquals(10, tt.train().numClasses());
        // Counts over all 10k digits, from the embedded data set's README.md
        // (drtp-core/src/main/resources/org/drtp/data/mnist-10k/README.md).
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978},
                classCounts(tt.train(), tt.test()));
    }

    @Test
    void embeddedMnist10kPixelsAreBytesOver255() {
        Dataset train = DatasetCatalog.load("MNIST-10k", null).train(); // ids are case-insensitive
        float max = 0f;
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 784; j++) {
                float v = train.feature(i, j);
                assertTrue(v >= 0f && v <= 1f, "pixel " + v);
                assertEquals(Math.round(v * 255f), v * 255f, 1e-3, "not a byte / 255: " + v);
                max = Math.max(max, v);
            }
        }
        assertEquals(1f, max); // MNIST digits reach full intensity
    }

    @Test
    void unknownDatasetErrorListsTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetCatalog.load("cifar-1000", null));
        assertTrue(e.getMessage().contains("cifar-1000"), e.getMessage());
        for (String id : DatasetCatalog.ids()) {
            assertTrue(e.getMessage().contains(id), () -> "should list " + id + ": " + e.getMessage());
        }
    }

    @Test
    void fashionMnistWithAMissingDataDirIsAClearDataException(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-dir");
        DataException e = assertThrows(DataException.class, () -> DatasetCatalog.load("fashion-mnist", missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertEquals("data_dir", e.setting(), e.getMessage()); // the command line names its flag
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void mnistFromAnEmptyDataDirNamesTheMissingFile(@TempDir Path tmp) {
        DataException e = assertThrows(DataException.class, () -> DatasetCatalog.load("mnist", tmp));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void mnistLoadsFromTheGivenDataDir(@TempDir Path tmp) throws IOException {
        byte[] img = IdxFile.encodeUbyte(new int[] {2, 28, 28}, new byte[2 * 784]);
        byte[] lab = IdxFile.encodeUbyte(new int[] {2}, new byte[] {3, 8});
        Files.write(tmp.resolve("train-images-idx3-ubyte"), img);
        Files.write(tmp.resolve("train-labels-idx1-ubyte"), lab);
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), img);
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), lab);
        TrainTest tt = DatasetCatalog.load("mnist", tmp);
        assertEquals(2, tt.train().size());
        assertEquals(8, tt.test().label(1));
        assertEquals("mnist/train", tt.train().name());
    }

    @Test
    void fashionMnistFromTheDebianPackageHas60000And10000BalancedExamples() {
        assumeTrue(MnistFormat.isPresent(FASHION), "dataset-fashion-mnist is not installed");
        TrainTest tt = DatasetCatalog.load("fashion-mnist", null);
        assertFashionMnist(tt);
    }

    @Test
    void fashionMnistLoadsFromAnExplicitDataDir() {
        assumeTrue(MnistFormat.isPresent(FASHION), "dataset-fashion-mnist is not installed");
        assertFashionMnist(DatasetCatalog.load("fashion-mnist", FASHION));
    }

    private static void assertFashionMnist(TrainTest tt) {
        assertEquals(60000, tt.train().size());
        assertEquals(10000, tt.test().size());
        assertEquals(new Shape(1, 28, 28), tt.train().exampleShape());
        // Fashion-MNIST is balanced: 6000 train and 1000 test images per class.
        int[] train = classCounts(tt.train());
        int[] test = classCounts(tt.test());
        for (int k = 0; k < 10; k++) {
            assertEquals(6000, train[k], "train class " + k);
            assertEquals(1000, test[k], "test class " + k);
        }
    }
}
