package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFormatTest {

    @TempDir
    Path dir;

    private static final int ROWS = 2;
    private static final int COLS = 3;

    /** Pixel value of image {@code i} at position {@code j}: covers 0 and 255. */
    private static int pixel(int i, int j) {
        return (i * 97 + j * 51) % 256;
    }

    private static byte[] images(int n, int rows, int cols) {
        byte[] b = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rows * cols; j++) {
                b[i * rows * cols + j] = (byte) pixel(i, j);
            }
        }
        b[0] = 0;
        b[1] = (byte) 255;
        return IdxFile.encodeUbyte(new int[] {n, rows, cols}, b);
    }

    private static byte[] labels(int... ys) {
        byte[] b = new byte[ys.length];
        for (int i = 0; i < ys.length; i++) {
            b[i] = (byte) ys[i];
        }
        return IdxFile.encodeUbyte(new int[] {ys.length}, b);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    private void put(String name, byte[] content, boolean gz) throws IOException {
        Files.write(dir.resolve(gz ? name + ".gz" : name), gz ? gzip(content) : content);
    }

    private static final int[] TRAIN_LABELS = {0, 9, 3, 5, 3};
    private static final int[] TEST_LABELS = {7, 1};

    /** A valid MNIST-format directory: 5 train and 2 test images of 2x3 pixels. */
    private void writeValid(boolean gz) throws IOException {
        put("train-images-idx3-ubyte", images(TRAIN_LABELS.length, ROWS, COLS), gz);
        put("train-labels-idx1-ubyte", labels(TRAIN_LABELS), gz);
        put("t10k-images-idx3-ubyte", images(TEST_LABELS.length, ROWS, COLS), gz);
        put("t10k-labels-idx1-ubyte", labels(TEST_LABELS), gz);
    }

    private static void assertMatchesWrittenFiles(TrainTest tt) {
        Dataset train = tt.train();
        assertEquals(TRAIN_LABELS.length, train.size());
        assertEquals(TEST_LABELS.length, tt.test().size());
        assertEquals(new Shape(1, ROWS, COLS), train.exampleShape());
        assertEquals(10, train.numClasses());
        for (int i = 0; i < TRAIN_LABELS.length; i++) {
            assertEquals(TRAIN_LABELS[i], train.label(i));
        }
        for (int i = 0; i < TEST_LABELS.length; i++) {
            assertEquals(TEST_LABELS[i], tt.test().label(i));
        }
        // Pixels are scaled by 1/255, as torchvision's ToTensor.
        assertEquals(0f, train.feature(0, 0));
        assertEquals(1f, train.feature(0, 1));
        for (int i = 0; i < TRAIN_LABELS.length; i++) {
            for (int j = (i == 0 ? 2 : 0); j < ROWS * COLS; j++) {
                assertEquals(pixel(i, j) / 255.0, train.feature(i, j), 1e-7, "pixel " + i + "," + j);
            }
        }
    }

    @Test
    void rawFilesLoadWithLabelsShapeAndPixelsScaledTo01() throws IOException {
        writeValid(false);
        assertTrue(MnistFormat.isPresent(dir));
        TrainTest tt = MnistFormat.load(dir, "tiny");
        assertMatchesWrittenFiles(tt);
        assertEquals("tiny/train", tt.train().name());
        assertEquals("tiny/test", tt.test().name());
    }

    @Test
    void gzippedFilesLoadTheSameAsRawOnes() throws IOException {
        writeValid(true);
        assertTrue(MnistFormat.isPresent(dir));
        assertMatchesWrittenFiles(MnistFormat.load(dir, "tiny"));
    }

    @Test
    void dottedFileNamesAreFoundToo() throws IOException {
        // Some distributions name the files train-images.idx3-ubyte etc.
        put("train-images.idx3-ubyte", images(TRAIN_LABELS.length, ROWS, COLS), false);
        put("train-labels.idx1-ubyte", labels(TRAIN_LABELS), true);
        put("t10k-images.idx3-ubyte", images(TEST_LABELS.length, ROWS, COLS), false);
        put("t10k-labels.idx1-ubyte", labels(TEST_LABELS), false);
        assertMatchesWrittenFiles(MnistFormat.load(dir, "tiny"));
    }

    @Test
    void missingFileIsNamedAndDirectoryIsNotPresent() throws IOException {
        writeValid(false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertFalse(MnistFormat.isPresent(dir));
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void missingDirectoryIsADataException() {
        Path nowhere = dir.resolve("nowhere");
        assertFalse(MnistFormat.isPresent(nowhere));
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(nowhere, "tiny"));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFiles() throws IOException {
        writeValid(false);
        put("train-labels-idx1-ubyte", labels(0, 1, 2, 3), false); // 4 labels for 5 images
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("4 labels"), e.getMessage());
    }

    @Test
    void labelTenIsOutOfRange() throws IOException {
        writeValid(false);
        put("t10k-labels-idx1-ubyte", labels(7, 10), false);
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("label 1 is 10"), e.getMessage());
    }

    @Test
    void imagesWithTwoDimensionsAreRejected() throws IOException {
        writeValid(false);
        put("train-images-idx3-ubyte", IdxFile.encodeUbyte(new int[] {5, 6}, new byte[30]), false);
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("3 dimensions"), e.getMessage());
    }

    @Test
    void labelsWithTwoDimensionsAreRejected() throws IOException {
        writeValid(false);
        put("train-labels-idx1-ubyte", IdxFile.encodeUbyte(new int[] {5, 1}, new byte[5]), false);
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("1 dimension"), e.getMessage());
    }

    @Test
    void nonUbyteImagesAreRejected() throws IOException {
        writeValid(false);
        byte[] img = images(TRAIN_LABELS.length, ROWS, COLS);
        img[2] = IdxFile.BYTE; // same layout, signed type
        put("train-images-idx3-ubyte", img, false);
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("unsigned-byte"), e.getMessage());
    }

    @Test
    void zeroImagesAreRejected() throws IOException {
        writeValid(false);
        put("t10k-images-idx3-ubyte", IdxFile.encodeUbyte(new int[] {0, ROWS, COLS}, new byte[0]), false);
        put("t10k-labels-idx1-ubyte", labels(), false);
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
    }

    @Test
    void trainAndTestImagesOfDifferentSizesAreRejected() throws IOException {
        writeValid(false);
        put("t10k-images-idx3-ubyte", images(TEST_LABELS.length, COLS, ROWS), false);
        assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
    }

    @Test
    void corruptFileInsideTheDirectoryIsNamed() throws IOException {
        writeValid(true);
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        DataException e = assertThrows(DataException.class, () -> MnistFormat.load(dir, "tiny"));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
    }
}
