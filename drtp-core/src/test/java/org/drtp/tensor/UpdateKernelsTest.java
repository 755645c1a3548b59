package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.drtp.random.Rng;
import org.junit.jupiter.api.Test;

/** The vector update loops give exactly the scalar ones' bits (same operations, same order). */
class UpdateKernelsTest {

    private static float[] random(int n, long seed, float scale) {
        Rng r = new Rng(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (r.nextFloat() - 0.5f) * scale;
        }
        return a;
    }

    private static float[] abs(float[] a) {
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.abs(b[i]);
        }
        return b;
    }

    @Test
    void vectorUpdatesMatchScalarUpdatesBitForBit() {
        assumeTrue(Kernels.vectorModulePresent(), "needs --add-modules jdk.incubator.vector");
        UpdateKernels vec = new VectorUpdateKernels();
        UpdateKernels sca = new ScalarUpdateKernels();
        for (int n : new int[] {1, 15, 16, 17, 100, 1003}) {
            float[] g = random(n, 1, 2e-2f);
            float[][] a = {random(n, 2, 1), random(n, 3, 1e-2f), abs(random(n, 4, 1e-4f))};
            float[][] b = {a[0].clone(), a[1].clone(), a[2].clone()};
            for (int step = 1; step <= 3; step++) {
                vec.adam(a[0], g, a[1], a[2], 0, n, 0.9f, 0.999f, 5e-4f * step, 1.3f, 1e-8f);
                sca.adam(b[0], g, b[1], b[2], 0, n, 0.9f, 0.999f, 5e-4f * step, 1.3f, 1e-8f);
                vec.rmsprop(a[0], g, a[2], 1, n, 0.99f, 1e-3f, 1e-8f);
                sca.rmsprop(b[0], g, b[2], 1, n, 0.99f, 1e-3f, 1e-8f);
                vec.momentum(a[0], g, a[1], 0, n, 1e-2f, 0.9f, step == 2, step == 1);
                sca.momentum(b[0], g, b[1], 0, n, 1e-2f, 0.9f, step == 2, step == 1);
                vec.sgd(a[0], g, 0, n, 1e-2f);
                sca.sgd(b[0], g, 0, n, 1e-2f);
            }
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(b[k], a[k], "n=" + n + " array " + k);
            }
        }
    }

    /**
     * Column sums for widths around every vector boundary (one, two, four vectors and the columns after them), added
     * onto values already there as the bias update does, and checked against the sums written out in row order, which
     * the scalar loop must also give.
     */
    @Test
    void columnSumsAddEachColumnInRowOrderOnBothPaths() {
        assumeTrue(Kernels.vectorModulePresent(), "needs --add-modules jdk.incubator.vector");
        UpdateKernels vec = new VectorUpdateKernels();
        UpdateKernels sca = new ScalarUpdateKernels();
        for (int rows : new int[] {0, 1, 7, 60}) {
            for (int cols : new int[] {1, 15, 16, 17, 31, 64, 65, 100, 1000, 1003}) {
                float[] a = random(rows * cols, rows * 31L + cols, 3);
                float[] start = random(cols, cols, 1);
                float[] expected = start.clone();
                for (int j = 0; j < cols; j++) {
                    for (int r = 0; r < rows; r++) {
                        expected[j] += a[r * cols + j];
                    }
                }
                float[] v = start.clone();
                float[] s = start.clone();
                vec.addColumnSums(a, rows, cols, v);
                sca.addColumnSums(a, rows, cols, s);
                assertArrayEquals(expected, v, rows + " x " + cols + ", vector");
                assertArrayEquals(expected, s, rows + " x " + cols + ", scalar");
            }
        }
    }

    /**
     * Ranges starting at every offset within a cache line, so that the scalar head before the first line-aligned
     * vector ({@link CacheLines}) takes every length; the tests run with {@code -XX:ObjectAlignmentInBytes=64}, as
     * the launcher does, so the head is there.
     */
    @Test
    void everyScalarHeadGivesTheScalarBits() {
        assumeTrue(Kernels.vectorModulePresent(), "needs --add-modules jdk.incubator.vector");
        UpdateKernels vec = new VectorUpdateKernels();
        UpdateKernels sca = new ScalarUpdateKernels();
        int n = 200;
        for (int from = 0; from < 2 * CacheLines.FLOATS + 2; from++) {
            for (int to : new int[] {from, from + 1, from + 13, n}) {
                float[] g = random(n, from, 2e-2f);
                float[][] a = {random(n, 2, 1), random(n, 3, 1e-2f), abs(random(n, 4, 1e-4f))};
                float[][] b = {a[0].clone(), a[1].clone(), a[2].clone()};
                vec.adam(a[0], g, a[1], a[2], from, to, 0.9f, 0.999f, 5e-4f, 1.3f, 1e-8f);
                sca.adam(b[0], g, b[1], b[2], from, to, 0.9f, 0.999f, 5e-4f, 1.3f, 1e-8f);
                vec.rmsprop(a[0], g, a[2], from, to, 0.99f, 1e-3f, 1e-8f);
                sca.rmsprop(b[0], g, b[2], from, to, 0.99f, 1e-3f, 1e-8f);
                vec.momentum(a[0], g, a[1], from, to, 1e-2f, 0.9f, true, false);
                sca.momentum(b[0], g, b[1], from, to, 1e-2f, 0.9f, true, false);
                vec.sgd(a[0], g, from, to, 1e-2f);
                sca.sgd(b[0], g, from, to, 1e-2f);
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(b[k], a[k], "[" + from + ", " + to + ") array " + k);
                }
            }
        }
    }
}
