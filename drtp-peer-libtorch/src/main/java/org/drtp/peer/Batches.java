package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Synthetic data of MNIST's shape (as {@code drtp bench}: inputs uniform in [0, 1), 10 classes) held as
 * tensors, and shuffled mini-batches gathered with one index per batch, as a PyTorch training loop would.
 */
final class Batches {

    static final int FEATURES = 784, CLASSES = 10;

    final NDArray x;
    final NDArray targets;
    final int size;
    private final int[] order;
    private final Random random = new Random(4);

    Batches(NDManager manager, int size) {
        this.size = size;
        Random r = new Random(11);
        float[] xs = new float[size * FEATURES];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextFloat();
        }
        float[] ts = new float[size * CLASSES];
        for (int i = 0; i < size; i++) {
            ts[i * CLASSES + r.nextInt(CLASSES)] = 1f;
        }
        x = manager.create(xs, new Shape(size, FEATURES));
        targets = manager.create(ts, new Shape(size, CLASSES));
        order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
    }

    void shuffle() {
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Inputs and one-hot targets of the batch starting at {@code start}, attached to {@code scratch}. */
    NDArray[] batch(NDManager scratch, int start, int batch) {
        int n = Math.min(batch, size - start);
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = order[start + i];
        }
        NDArray index = scratch.create(idx);
        NDIndex rows = new NDIndex("{}", index);
        return new NDArray[] {x.get(scratch, rows), targets.get(scratch, rows)};
    }
}
