package org.drtp.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.tensor.Shape;

/**
 * Datasets in MNIST's file layout (MNIST, Fashion-MNIST, the embedded mnist-10k): a directory with
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}. Pixels are scaled to [0, 1] (value/255,
 * as torchvision's ToTensor); 10 classes.
 */
public final class MnistFormat {

    public static final int CLASSES = 10;
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFormat() {
    }

    /** True if {@code dir} holds all four files (raw or gzipped). */
    public static boolean isPresent(Path dir) {
        for (String f : FILES) {
            if (find(dir, f) == null) {
                return false;
            }
        }
        return true;
    }

    /** Loads train and test sets from a directory; {@code name} prefixes the dataset names. */
    public static TrainTest load(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such directory (expected the four MNIST-format files "
                    + String.join(", ", FILES) + ", raw or .gz)");
        }
        Dataset train = dataset(name + "/train", read(dir, FILES.get(0)), read(dir, FILES.get(1)));
        Dataset test = dataset(name + "/test", read(dir, FILES.get(2)), read(dir, FILES.get(3)));
        return new TrainTest(train, test);
    }

    /** Loads the four files from class-path resources under {@code prefix} (e.g. /org/drtp/data/mnist-10k/). */
    public static TrainTest loadResources(String prefix, String name) {
        Dataset train = dataset(name + "/train", resource(prefix, FILES.get(0)), resource(prefix, FILES.get(1)));
        Dataset test = dataset(name + "/test", resource(prefix, FILES.get(2)), resource(prefix, FILES.get(3)));
        return new TrainTest(train, test);
    }

    private static IdxFile read(Path dir, String base) {
        Path p = find(dir, base);
        if (p == null) {
            throw new DataException(dir + ": missing " + base + " (or " + base + ".gz)");
        }
        return IdxFile.read(p);
    }

    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz", base.replace("-idx", ".idx"),
                base.replace("-idx", ".idx") + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static IdxFile resource(String prefix, String base) {
        String path = prefix + base + ".gz";
        try (InputStream in = MnistFormat.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new DataException("embedded resource " + path + " is missing from the jar");
            }
            return IdxFile.read(in, "resource " + path, -1);
        } catch (IOException e) {
            throw new DataException("resource " + path + ": " + e.getMessage(), e);
        }
    }

    /** Builds a dataset from an images file (n x rows x cols, ubyte) and a labels file (n, ubyte, 0..9). */
    public static Dataset dataset(String name, IdxFile images, IdxFile labels) {
        int[] d = images.dims();
        if (images.type() != IdxFile.UBYTE || d.length != 3) {
            throw new DataException(images.source() + ": expected unsigned-byte images of 3 dimensions (count, rows, columns),"
                    + " found type 0x" + Integer.toHexString(images.type()) + " with " + d.length + " dimensions");
        }
        int[] l = labels.dims();
        if (labels.type() != IdxFile.UBYTE || l.length != 1) {
            throw new DataException(labels.source() + ": expected unsigned-byte labels of 1 dimension, found type 0x"
                    + Integer.toHexString(labels.type()) + " with " + l.length + " dimensions");
        }
        if (d[0] != l[0]) {
            throw new DataException(images.source() + " holds " + d[0] + " images but " + labels.source() + " holds "
                    + l[0] + " labels");
        }
        if (d[0] == 0 || d[1] == 0 || d[2] == 0) {
            throw new DataException(images.source() + ": no images (dimensions " + d[0] + "x" + d[1] + "x" + d[2] + ")");
        }
        int n = d[0];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = labels.intAt(i);
            if (ys[i] >= CLASSES) {
                throw new DataException(labels.source() + ": the label of example " + i + " is " + ys[i] + ", expected 0.."
                        + (CLASSES - 1));
            }
        }
        // adopted, not copied: a copy would double the peak memory of the 188 MB Fashion-MNIST training set
        return Dataset.adopt(name, new Shape(1, d[1], d[2]), images.dividedBy(255f), ys, CLASSES)
                .withNormalization(Normalization.unitInterval());
    }
}
