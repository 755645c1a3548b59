package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused batch-1 forward pass and SGD update of {@link VectorGemm} returns bit for bit what the unfused
 * sequence of products and element-wise passes returns (its contract), for every activation, vector tails, rows
 * read from their first element or on cache lines, and any thread split.
 */
class FusedDenseStepTest {

    /** {in, out}; rows of a multiple of 16 floats (784, 16, 32, 48) take the line-aligned dot products. */
    private static final int[][] SHAPES = {{784, 500}, {37, 13}, {5, 3}, {16, 4}, {1000, 1000}, {784, 1}, {32, 9},
        {48, 17}, {16, 8}};

    @Test
    void equalsTheUnfusedSequenceBitForBit() {
        Random r = new Random(3);
        for (int[] shape : SHAPES) {
            for (Activation act : Activation.values()) {
                for (VectorGemm gemm : new VectorGemm[] {new VectorGemm(1), new VectorGemm(2, 1), new VectorGemm(3, 1)}) {
                    check(gemm, shape[0], shape[1], act, r);
                }
            }
        }
    }

    /** The build runs tests with -XX:ObjectAlignmentInBytes=64 (pom.xml), so the shapes above cover both paths. */
    @Test
    void theBuildsFlagsTakeTheLineAlignedPath() {
        assertTrue(DenseStepTask.readsRowsOnLines(), "run the tests with -XX:ObjectAlignmentInBytes=64, as pom.xml does");
    }

    private static void check(VectorGemm gemm, int in, int out, Activation act, Random r) {
        float[] w = random(r, in * out), b = random(r, out), x = random(r, in), signal = random(r, out);
        x[0] = 0f; // a zero input gives +0 products: the update must add them as the unfused one does
        float scale = -0.01f;
        float[] w1 = w.clone(), b1 = b.clone(), s1 = signal.clone(), y1 = new float[out];
        gemm.multiply(false, true, 1, out, in, x, 0, in, w1, 0, in, 0f, y1, 0, out);
        for (int j = 0; j < out; j++) {
            y1[j] += b1[j];
        }
        act.apply(y1, 0, out);
        act.multiplyDerivative(y1, 0, s1, 0, out);
        for (int j = 0; j < out; j++) {
            s1[j] *= scale;
        }
        gemm.multiply(true, false, out, in, 1, s1, 0, out, x, 0, in, 1f, w1, 0, in);
        for (int j = 0; j < out; j++) {
            b1[j] += s1[j];
        }

        float[] w2 = w.clone(), b2 = b.clone(), s2 = signal.clone(), y2 = new float[out];
        gemm.forwardUpdate(w2, b2, x, in, out, act, s2, scale, y2);
        String what = in + "x" + out + " " + act + " " + gemm;
        assertArrayEquals(y1, y2, what + ": outputs");
        assertArrayEquals(s1, s2, what + ": dz");
        assertArrayEquals(b1, b2, what + ": bias");
        assertArrayEquals(w1, w2, what + ": weights");
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
