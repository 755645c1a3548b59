package org.drtp.tensor;

/**
 * Single-precision general matrix multiply on flat row-major arrays:
 * {@code C = beta * C + op(A) * op(B)}, where {@code op(A)} is m x k and {@code op(B)} is k x n.
 *
 * <p>With {@code transA} false, A is stored as m rows of k values (row stride {@code lda}); with it true,
 * A is stored as k rows of m values and used transposed. Likewise for B ({@code n x k} stored when
 * {@code transB}). Only {@code beta} 0 (overwrite; C's old content is ignored, even NaN) and 1 (accumulate)
 * are required to be supported by every implementation.
 *
 * <p>The three products of a dense layer are the shapes that matter: forward {@code Y = X W^T}
 * (NT), input gradient {@code dX = dZ W} (NN) and weight gradient {@code dW = dZ^T X} (TN).
 * Implementations must be thread-safe: one instance is shared by all layers.
 */
public interface Gemm {

    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc);

    /**
     * Receives rows of C as soon as a product has made them final ({@link #multiply(boolean, boolean, int, int,
     * int, float[], int, int, float[], int, int, float, float[], int, int, RowsDone)}).
     */
    @FunctionalInterface
    interface RowsDone {
        /** Rows {@code [from, to)} of C hold their final values and the product will not touch them again. */
        void rows(int from, int to);
    }

    /**
     * The same product, handing rows of C to {@code done} once they are final: every row exactly once, possibly
     * from several threads at a time (on disjoint ranges), all before this call returns. What {@code done} does
     * with its rows while they are still in cache is the point: the optimizer step fused into the weight-gradient
     * product reads the gradient rows from L1 instead of from memory (docs/performance.md, "Fused optimizer
     * step"). With {@code done} null it is the plain product. This default makes the product, then hands over all
     * rows at once.
     */
    default void multiply(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc, RowsDone done) {
        multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (done != null && m > 0) {
            done.rows(0, m);
        }
    }

    /**
     * A sum of {@code count >= 1} NT products, {@code C = beta C + sum_e A_e B_e^T}, with {@code A_e} the m x k matrix
     * at {@code a[aOff + e*aStep]} (row stride {@code lda}) and {@code B_e} the n x k matrix at
     * {@code b[bOff + e*bStep]} (row stride {@code ldb}): bit for bit what this loop computes, one product per term,
     * beta for the first and 1 after (the conv layer's weight gradient, summed example by example). This default is
     * that loop; an implementation may run the terms faster but must give the same bits.
     */
    default void sumOfProductsNT(int count, int m, int n, int k,
                                 float[] a, int aOff, int aStep, int lda,
                                 float[] b, int bOff, int bStep, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        if (count < 1) {
            throw new IllegalArgumentException("gemm: a sum of products needs at least one term, got " + count);
        }
        for (int e = 0; e < count; e++) {
            multiply(false, true, m, n, k, a, aOff + e * aStep, lda, b, bOff + e * bStep, ldb, e == 0 ? beta : 1f,
                    c, cOff, ldc);
        }
    }

    /** Short name for logs and run manifests, e.g. {@code plain} or {@code vector}. */
    String name();

    /** Checks the argument contract shared by every implementation; throws on misuse. */
    static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (beta != 0f && beta != 1f) {
            throw new IllegalArgumentException("gemm: beta must be 0 or 1, got " + beta);
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, lda, aRows, aCols);
        checkMatrix("B", b, bOff, ldb, bRows, bCols);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld + " < " + cols + " columns");
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "x" + cols + ", ld " + ld + ", offset " + off
                    + ") does not fit in an array of " + x.length);
        }
    }
}
