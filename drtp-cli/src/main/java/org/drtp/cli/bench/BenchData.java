package org.drtp.cli.bench;

import org.drtp.data.Dataset;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;

/** Synthetic data of MNIST's shape (28x28 inputs in [0, 1), 10 classes), so that no download is needed. */
final class BenchData {

    private BenchData() {
    }

    static Dataset mnistShape(int size, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[size * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            y[i] = r.nextInt(10);
        }
        return Dataset.classification("synthetic-mnist-shape", new Shape(1, 28, 28), x, y, 10);
    }
}
