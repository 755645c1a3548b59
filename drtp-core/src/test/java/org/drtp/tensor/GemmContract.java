package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Gemm} contract, shared by every implementation: results within the rounding bound of a
 * double-precision reference, beta 0 ignores C (NaN included), beta 1 accumulates, offsets and leading
 * dimensions are honoured and nothing outside the C block is written, arguments are checked.
 *
 * <p>Tolerance per element: {@code (3 sqrt(k) + 4) u sum_p |A(i,p)| |B(p,j)| + 2 u |expected|} with
 * {@code u = 2^-24}: the statistical growth of a float sum of k terms, with margin.
 */
abstract class GemmContract {

    /** Sizes around vector widths and tile sizes (1, 7, 31, 33, 65, 97 straddle 8, 16, 32, 64, 6-row tiles). */
    static final int[] ODD_SIZES = {1, 7, 31, 33, 65, 97};
    private static final double U = Math.ulp(1f) / 2;

    /** The implementation under test. */
    abstract Gemm gemm();

    static Stream<Arguments> transposesAndBetas() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 1f}) {
                    s.add(Arguments.of(ta, tb, beta));
                }
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "transA={0} transB={1} beta={2}")
    @MethodSource("transposesAndBetas")
    void matchesReferenceOnOddShapesWithOffsetsAndPaddedRows(boolean transA, boolean transB, float beta) {
        Random rnd = new Random(31L * (transA ? 1 : 0) + 7L * (transB ? 1 : 0) + (long) beta);
        for (int m : ODD_SIZES) {
            for (int n : ODD_SIZES) {
                for (int k : ODD_SIZES) {
                    check(gemm(), rnd, transA, transB, m, n, k, beta, true);
                }
            }
        }
    }

    @Test
    void matchesReferenceOnDenseLayerShapes() {
        Random rnd = new Random(5);
        // {m, n, k, transA, transB}: forward X W^T (NT), input gradient dZ W (NN) and weight gradient
        // dZ^T X (TN) of a 784-1000 layer at batch 60, of a 784-500 layer at batch 1, of a 1000-10 layer.
        int[][] shapes = {{60, 1000, 784, 0, 1}, {60, 784, 1000, 0, 0}, {1000, 784, 60, 1, 0},
                          {1, 500, 784, 0, 1}, {1, 784, 500, 0, 0}, {500, 784, 1, 1, 0},
                          {60, 10, 1000, 0, 1}, {60, 1000, 10, 0, 0}, {10, 1000, 60, 1, 0}};
        for (int[] s : shapes) {
            check(gemm(), rnd, s[3] == 1, s[4] == 1, s[0], s[1], s[2], 0f, false);
            check(gemm(), rnd, s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, false);
        }
    }

    @Test
    void zeroDepthZeroesCWithBetaZeroAndKeepsItWithBetaOne() {
        float[] c = {Float.NaN, 2f, 3f, 4f};
        gemm().multiply(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertEquals(0f, c[0]);
        assertEquals(0f, c[3]);
        float[] d = {1f, 2f, 3f, 4f};
        gemm().multiply(true, true, 2, 2, 0, new float[0], 0, 2, new float[0], 0, 1, 1f, d, 0, 2);
        assertEquals(1f, d[0]);
        assertEquals(4f, d[3]);
    }

    @Test
    void emptyShapesWriteNothing() {
        float[] c = {5f};
        float[] a = {1f, 2f};
        gemm().multiply(false, false, 0, 1, 2, a, 0, 2, a, 0, 1, 0f, c, 0, 1);
        gemm().multiply(false, false, 1, 0, 2, a, 0, 2, a, 0, 1, 0f, c, 0, 1);
        assertEquals(5f, c[0]);
    }

    @Test
    void rejectsInvalidArguments() {
        float[] x = new float[16];
        Gemm g = gemm();
        assertThrows(IllegalArgumentException.class, () -> g.multiply(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, 0.5f, x, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> g.multiply(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> g.multiply(false, false, 2, 2, 3, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> g.multiply(false, false, 4, 4, 4, x, 1, 4, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> g.multiply(false, true, 2, 9, 2, x, 0, 2, x, 0, 2, 0f, x, 0, 9));
    }

    /**
     * Multiplies random operands (with random offsets and padded rows when {@code padded}) and checks every
     * element of C against a double-precision reference, and that nothing outside the C block changed.
     */
    static void check(Gemm gemm, Random rnd, boolean transA, boolean transB, int m, int n, int k, float beta,
                      boolean padded) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + (padded ? rnd.nextInt(3) : 0);
        int ldb = bCols + (padded ? rnd.nextInt(3) : 0);
        int ldc = n + (padded ? rnd.nextInt(3) : 0);
        int aOff = padded ? rnd.nextInt(4) : 0, bOff = padded ? rnd.nextInt(4) : 0, cOff = padded ? rnd.nextInt(4) : 0;
        float[] a = random(rnd, aOff + (aRows - 1) * lda + aCols + (padded ? 3 : 0));
        float[] b = random(rnd, bOff + (bRows - 1) * ldb + bCols + (padded ? 3 : 0));
        float[] c = beta == 0f ? nans(cOff + (m - 1) * ldc + n + 3) : random(rnd, cOff + (m - 1) * ldc + n + 3);
        float[] before = c.clone();
        gemm.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        // Reference operands laid out along k: rows of op(A) and columns of op(B).
        double[] ak = new double[m * k], bk = new double[n * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                ak[i * k + p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bk[j * k + p] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        boolean[] inBlock = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                inBlock[ci] = true;
                double sum = 0, bound = 0;
                for (int p = 0; p < k; p++) {
                    double xy = ak[i * k + p] * bk[j * k + p];
                    sum += xy;
                    bound += Math.abs(xy);
                }
                double expected = (beta == 0f ? 0 : before[ci]) + sum;
                double tol = (3 * Math.sqrt(k) + 4) * U * bound + 2 * U * Math.abs(expected);
                if (!(Math.abs(c[ci] - expected) <= tol)) {
                    fail(String.format("%s %s%s m=%d n=%d k=%d beta=%s: C[%d][%d] = %s, expected %s +- %.3g",
                            gemm.name(), transA ? "T" : "N", transB ? "T" : "N", m, n, k, beta, i, j, c[ci], expected, tol));
                }
            }
        }
        for (int x = 0; x < c.length; x++) {
            if (!inBlock[x] && Float.floatToRawIntBits(c[x]) != Float.floatToRawIntBits(before[x])) {
                fail(String.format("%s m=%d n=%d k=%d: wrote outside C at index %d", gemm.name(), m, n, k, x));
            }
        }
    }

    static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        return x;
    }

    private static float[] nans(int size) {
        float[] x = new float[size];
        Arrays.fill(x, Float.NaN);
        return x;
    }
}
