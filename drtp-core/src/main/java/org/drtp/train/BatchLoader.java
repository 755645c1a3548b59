package org.drtp.train;

import org.drtp.data.Dataset;
import org.drtp.random.Rng;

/**
 * Gathers shuffled examples into reusable batch arrays (features, target rows, labels), augmenting each
 * loaded training example if asked.
 */
final class BatchLoader {

    private final Dataset data;
    private final int batchSize;
    private final Augmentation augmentation;
    private final Rng augmentRng;
    private final float[] x;
    private final float[] targets;
    private final int[] labels;

    BatchLoader(Dataset data, int batchSize) {
        this(data, batchSize, Augmentation.NONE, null);
    }

    /** @param augmentRng the stream augmentation draws from (unused, may be null, for {@link Augmentation#NONE}) */
    BatchLoader(Dataset data, int batchSize, Augmentation augmentation, Rng augmentRng) {
        augmentation.check(data.exampleShape(), data.name());
        this.data = data;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.augmentRng = augmentRng;
        this.x = new float[batchSize * data.exampleSize()];
        this.targets = new float[batchSize * data.targetSize()];
        this.labels = data.isClassification() ? new int[batchSize] : null;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Batches per epoch; the last one may be smaller (no example is dropped, as PyTorch's DataLoader). */
    int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Loads batch {@code b} of {@code order}; returns its size. */
    int load(int[] order, int b) {
        int start = b * batchSize;
        int n = Math.min(batchSize, order.length - start);
        int d = data.exampleSize();
        int c = data.targetSize();
        for (int i = 0; i < n; i++) {
            int idx = order[start + i];
            data.copyFeatures(idx, x, i * d);
            if (augmentation != Augmentation.NONE) {
                augmentation.apply(x, i * d, data.exampleShape(), augmentRng);
            }
            data.copyTarget(idx, targets, i * c);
            if (labels != null) {
                labels[i] = data.label(idx);
            }
        }
        return n;
    }

    float[] x() {
        return x;
    }

    float[] targets() {
        return targets;
    }

    int[] labels() {
        return labels;
    }
}
