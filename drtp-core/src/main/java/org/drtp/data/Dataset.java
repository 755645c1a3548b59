package org.drtp.data;

import java.util.Arrays;
import java.util.Objects;
import org.drtp.tensor.Shape;

/**
 * An immutable in-memory set of examples: features as floats (already scaled, e.g. pixels in [0, 1]),
 * and either integer class labels (classification) or float target vectors (regression).
 *
 * <p>Readers and generators build Datasets; a Dataset does no I/O. Arrays passed in are copied, and no
 * accessor exposes internal arrays, so a Dataset can be shared between threads and trials.
 */
public final class Dataset {

    private final String name;
    private final Shape exampleShape;
    private final float[] features;
    private final int[] labels;
    private final int numClasses;
    private final float[] targets;
    private final int targetSize;
    private final int size;
    private final Normalization normalization;

    private Dataset(String name, Shape exampleShape, float[] features, int[] labels, int numClasses,
                    float[] targets, int targetSize) {
        this(name, exampleShape, features, labels, numClasses, targets, targetSize, Normalization.identity(), true);
    }

    private Dataset(String name, Shape exampleShape, float[] features, int[] labels, int numClasses,
                    float[] targets, int targetSize, Normalization normalization, boolean check) {
        this.name = Objects.requireNonNull(name, "name");
        this.exampleShape = Objects.requireNonNull(exampleShape, "exampleShape");
        int d = exampleShape.size();
        if (features.length % d != 0) {
            throw new DataException(name + ": " + features.length + " feature values are not a whole number of "
                    + d + "-value examples");
        }
        this.size = features.length / d;
        this.normalization = normalization;
        for (int i = 0; check && i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new DataException(name + ": example " + (i / d) + ", feature " + (i % d) + " is " + features[i]
                        + " (expected a finite number)");
            }
        }
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.targets = targets;
        this.targetSize = targetSize;
    }

    /** A classification dataset; every label must lie in {@code [0, numClasses)}. */
    public static Dataset classification(String name, Shape exampleShape, float[] features, int[] labels, int numClasses) {
        return adopt(name, exampleShape, features.clone(), labels.clone(), numClasses);
    }

    /**
     * A classification dataset that takes ownership of {@code features} and {@code labels} instead of
     * copying them: for readers that build large arrays (CIFAR-10's training set is 614 MB of floats, and a
     * copy would double the peak memory of loading it). The caller must not keep or modify the arrays.
     */
    static Dataset adopt(String name, Shape exampleShape, float[] features, int[] labels, int numClasses) {
        if (numClasses < 2) {
            throw new DataException(name + ": a classification dataset needs at least 2 classes, got " + numClasses);
        }
        Dataset ds = new Dataset(name, exampleShape, features, labels, numClasses, null, numClasses);
        if (labels.length != ds.size) {
            throw new DataException(name + ": " + labels.length + " labels for " + ds.size + " examples");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException(name + ": label of example " + i + " is " + labels[i]
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        return ds;
    }

    /** A regression dataset with {@code targetSize} float targets per example. */
    public static Dataset regression(String name, Shape exampleShape, float[] features, float[] targets, int targetSize) {
        if (targetSize < 1) {
            throw new DataException(name + ": target size must be positive, got " + targetSize);
        }
        Dataset ds = new Dataset(name, exampleShape, features.clone(), null, 0, targets.clone(), targetSize);
        if (targets.length != (long) ds.size * targetSize) {
            throw new DataException(name + ": " + targets.length + " target values for " + ds.size + " examples of "
                    + targetSize + " targets");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new DataException(name + ": example " + (i / targetSize) + ", target " + (i % targetSize)
                        + " is " + targets[i] + " (expected a finite number)");
            }
        }
        return ds;
    }

    public String name() {
        return name;
    }

    /** How the raw inputs were turned into these features (identity unless a reader says otherwise). */
    public Normalization normalization() {
        return normalization;
    }

    /** The same examples, recording that they were normalised with {@code n} (nothing is recomputed). */
    public Dataset withNormalization(Normalization n) {
        return new Dataset(name, exampleShape, features, labels, numClasses, targets, targetSize, n, false);
    }

    public int size() {
        return size;
    }

    public Shape exampleShape() {
        return exampleShape;
    }

    /** Number of feature values per example. */
    public int exampleSize() {
        return exampleShape.size();
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** Number of classes (classification) or 0. */
    public int numClasses() {
        return numClasses;
    }

    /** Width of the network output this dataset trains: classes (one-hot) or target values per example. */
    public int targetSize() {
        return targetSize;
    }

    /** Label of example {@code i}; only for classification. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression dataset: it has no labels");
        }
        return labels[i];
    }

    /** Copies example {@code i}'s features into {@code dst} at {@code off}. */
    public void copyFeatures(int i, float[] dst, int off) {
        int d = exampleShape.size();
        System.arraycopy(features, i * d, dst, off, d);
    }

    /** Feature value {@code j} of example {@code i}. */
    public float feature(int i, int j) {
        return features[i * exampleShape.size() + j];
    }

    /**
     * Writes example {@code i}'s target row into {@code dst} at {@code off}: one-hot for classification,
     * the target vector for regression.
     */
    public void copyTarget(int i, float[] dst, int off) {
        if (labels != null) {
            Arrays.fill(dst, off, off + numClasses, 0f);
            dst[off + labels[i]] = 1f;
        } else {
            System.arraycopy(targets, i * targetSize, dst, off, targetSize);
        }
    }

    /** Examples {@code [from, to)} as a new dataset. */
    public Dataset slice(String newName, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return select(newName, idx);
    }

    /** The examples at {@code indices}, in that order, as a new dataset. */
    public Dataset select(String newName, int[] indices) {
        int d = exampleShape.size();
        float[] f = new float[indices.length * d];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * d, f, i * d, d);
        }
        if (labels != null) {
            int[] l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
            return new Dataset(newName, exampleShape, f, l, numClasses, null, numClasses, normalization, false);
        }
        float[] t = new float[indices.length * targetSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetSize, t, i * targetSize, targetSize);
        }
        return new Dataset(newName, exampleShape, f, null, 0, t, targetSize, normalization, false);
    }

    @Override
    public String toString() {
        return name + " (" + size + " examples of " + exampleShape
                + (labels != null ? ", " + numClasses + " classes)" : ", " + targetSize + " targets)");
    }
}
