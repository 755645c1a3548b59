package org.drtp.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtp.tensor.Shape;

/**
 * CIFAR-10 in its binary version (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html): files
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin} (training, 50,000 images) and {@code test_batch.bin}
 * (10,000), each a sequence of 3073-byte records: one label byte 0..9, then the 32x32 image as three
 * 1024-byte planes, red, green, blue, each row-major. The directory may be the one holding the files or its
 * parent holding {@code cifar-10-batches-bin/} (as the archive unpacks).
 *
 * <p>Pixels are normalised as the reference implementation does (torchvision {@code ToTensor} then
 * {@code Normalize}): {@code x = (v/255 - mean_c) / std_c} with mean (125.3, 123.0, 113.9)/255 and std
 * (63.0, 62.1, 66.7)/255 per channel. Examples are 3 x 32 x 32 (channels first, as PyTorch).
 */
public final class Cifar10Format {

    public static final int CLASSES = 10;
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    public static final String SUBDIRECTORY = "cifar-10-batches-bin";
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    /** The reference's per-channel mean and std, in units of the 0..255 pixel scale (divided by 255 when used). */
    private static final double[] MEAN = {125.3, 123.0, 113.9};
    private static final double[] STD = {63.0, 62.1, 66.7};

    private Cifar10Format() {
    }

    /**
     * The reference normalisation as a {@link Normalization} (scale 1/255, per-channel mean and std), which
     * model files record so that raw pixels given to a CIFAR-10 model later are transformed the same way.
     */
    public static Normalization normalization() {
        float[] mean = new float[CHANNELS];
        float[] std = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            mean[c] = (float) (MEAN[c] / 255.0);
            std[c] = (float) (STD[c] / 255.0);
        }
        return new Normalization(1f / 255f, mean, std);
    }

    /** All six files, in the order they are read. */
    public static List<String> files() {
        List<String> all = new ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return all;
    }

    /** The directory actually holding the files: {@code dir} itself or {@code dir/cifar-10-batches-bin}; null if neither. */
    public static Path resolve(Path dir) {
        if (hasAllFiles(dir)) {
            return dir;
        }
        Path sub = dir.resolve(SUBDIRECTORY);
        return hasAllFiles(sub) ? sub : null;
    }

    /** True if {@code dir} or its {@code cifar-10-batches-bin} subdirectory holds all six files. */
    public static boolean isPresent(Path dir) {
        return resolve(dir) != null;
    }

    private static boolean hasAllFiles(Path dir) {
        for (String f : files()) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Loads the training set (five files) and the test set from {@code dir}; {@code name} prefixes dataset names. */
    public static TrainTest load(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such directory (expected the CIFAR-10 binary files " + files()
                    + ", or their " + SUBDIRECTORY + "/ directory)");
        }
        Path d = resolve(dir);
        if (d == null) {
            List<String> missing = new ArrayList<>();
            Path where = Files.isDirectory(dir.resolve(SUBDIRECTORY)) ? dir.resolve(SUBDIRECTORY) : dir;
            for (String f : files()) {
                if (!Files.isRegularFile(where.resolve(f))) {
                    missing.add(f);
                }
            }
            throw new DataException(where + ": missing CIFAR-10 file(s) " + missing
                    + " (download them with `./drtp datasets download cifar10`)");
        }
        List<Path> train = new ArrayList<>();
        for (String f : TRAIN_FILES) {
            train.add(d.resolve(f));
        }
        return new TrainTest(read(name + "/train", train), read(name + "/test", List.of(d.resolve(TEST_FILE))));
    }

    /** Reads and concatenates the records of {@code files} into one normalised dataset. */
    public static Dataset read(String name, List<Path> files) {
        long total = 0;
        for (Path f : files) {
            total += recordCount(f);
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DataException(name + ": " + total + " images do not fit in one array");
        }
        int n = (int) total;
        float[] x = new float[n * IMAGE_BYTES];
        int[] labels = new int[n];
        // As torchvision: mean and std are given as v/255 in double, then used as float32 tensors; ToTensor
        // divides by 255 and Normalize subtracts and divides (not a multiplication by the inverse).
        Normalization norm = normalization();
        float[] mean = norm.mean();
        float[] std = norm.std();
        int i = 0;
        byte[] record = new byte[RECORD_BYTES];
        for (Path f : files) {
            int count = recordCount(f);
            try (InputStream in = Files.newInputStream(f)) {
                for (int r = 0; r < count; r++, i++) {
                    if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
                        throw new DataException(f + ": file ends inside record " + r + " (changed while being read?)");
                    }
                    int label = record[0] & 0xff;
                    if (label >= CLASSES) {
                        throw new DataException(f + ": record " + r + " (byte offset " + (long) r * RECORD_BYTES
                                + ") has label " + label + ", expected 0.." + (CLASSES - 1)
                                + " (is this the CIFAR-10 binary version, not CIFAR-100 or the Python version?)");
                    }
                    labels[i] = label;
                    int base = i * IMAGE_BYTES;
                    for (int p = 0; p < IMAGE_BYTES; p++) {
                        int c = p >> 10; // 1024 values per channel plane
                        x[base + p] = ((record[1 + p] & 0xff) / 255f - mean[c]) / std[c];
                    }
                }
            } catch (IOException e) {
                throw new DataException(f + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        return Dataset.adopt(name, new Shape(CHANNELS, SIDE, SIDE), x, labels, CLASSES).withNormalization(normalization());
    }

    /** Number of records of a file, checking that its length is a positive multiple of 3073 bytes. */
    static int recordCount(Path f) {
        long length;
        try {
            length = Files.size(f);
        } catch (NoSuchFileException e) {
            throw new DataException(f + ": file not found");
        } catch (IOException e) {
            throw new DataException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (length == 0) {
            throw new DataException(f + ": file is empty (expected 3073-byte CIFAR-10 records)");
        }
        if (length % RECORD_BYTES != 0) {
            throw new DataException(f + ": length " + length + " bytes is not a multiple of the 3073-byte CIFAR-10 record"
                    + " (1 label byte + 3072 pixel bytes); the file is truncated or not in the binary format");
        }
        if (length / RECORD_BYTES > Integer.MAX_VALUE) {
            throw new DataException(f + ": too many records");
        }
        return (int) (length / RECORD_BYTES);
    }

    /** Encodes records in the binary format (tests and tools): {@code pixels} holds n x 3072 bytes. */
    public static byte[] encode(int[] labels, byte[] pixels) {
        if (pixels.length != labels.length * IMAGE_BYTES) {
            throw new IllegalArgumentException(labels.length + " labels need " + labels.length * IMAGE_BYTES
                    + " pixel bytes, got " + pixels.length);
        }
        byte[] out = new byte[labels.length * RECORD_BYTES];
        for (int i = 0; i < labels.length; i++) {
            out[i * RECORD_BYTES] = (byte) labels[i];
            System.arraycopy(pixels, i * IMAGE_BYTES, out, i * RECORD_BYTES + 1, IMAGE_BYTES);
        }
        return out;
    }
}
