package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unpacked vector kernels of {@link VectorGemm} for shapes where packing would cost more than it saves:
 * a batch of one or a few rows (online learning), or very few terms per dot product.
 *
 * <p>No vector value ever crosses a call here: on Java 17 a vector passed to (or returned from) a method
 * that C2 declines to inline is boxed on every call, which made a kernel 10-100 times slower.
 *
 * <p>Two forms, each computing {@code C[i][j] = (accumulate ? C[i][j] : 0) + sum_p A(i,p) B(p,j)} for a
 * sub-block of C, with every C element's arithmetic independent of the block bounds (so results do not
 * depend on how work is split over threads):
 * <ul>
 *   <li>{@link #axpy}: B stored with rows contiguous along j ({@code B(p,j) = b[bOff + p*ldb + j]});
 *       vectors run along j, {@code A(i,p)} is broadcast from any strides. Each element is one FMA chain
 *       over p starting from +0 (vector lanes and the scalar tail use the same FMA).</li>
 *   <li>{@link #dot}: A and B both contiguous along p ({@code A(i,p) = a[aOff + i*lda + p]},
 *       {@code B(p,j) = b[bOff + j*ldb + p]}); vectors run along p, each element is lane-wise FMA
 *       partial sums, one lane reduction, then a scalar FMA tail.</li>
 * </ul>
 */
final class SmallGemm {

    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int VL = MicroKernel.VL;
    /** Columns per register block of {@link #axpy}: four vectors. */
    static final int AXPY_CHUNK = 4 * VL;
    /** B rows per register block of {@link #dot}. */
    static final int DOT_BLOCK = 4;

    private SmallGemm() {
    }

    /**
     * Rows {@code [i0, i1)}, columns {@code [j0, j1)} of C with {@code A(i,p) = a[aOff + i*aRs + p*aPs]}
     * and {@code B(p,j) = b[bOff + p*ldb + j]}. Column chunks are the outer loop so that the k x chunk
     * slice of B stays in cache while every row uses it.
     */
    /** Floats of B that fit in half the L1 data cache ({@link CacheSizes}), next to the C row being updated. */
    private static final int L1_FLOATS = (int) Math.max(2048, CacheSizes.detected().l1d() / 2 / Float.BYTES);

    static void axpy(int i0, int i1, int j0, int j1, int k,
                     float[] a, int aOff, int aRs, int aPs, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int j = j0;
        int chunkEnd = j0 + (j1 - j0) / AXPY_CHUNK * AXPY_CHUNK;
        if ((long) k * (j1 - j0) <= L1_FLOATS) {
            // B's rows fit in L1: walk C row by row, so that it streams through memory once (a rank-k update
            // of a large weight matrix is bound by that traffic).
            for (int i = i0; i < i1; i++) {
                for (int jj = j0; jj < chunkEnd; jj += AXPY_CHUNK) {
                    axpyChunk(k, a, aOff + i * aRs, aPs, b, bOff + jj, ldb, c, cOff + i * ldc + jj, accumulate);
                }
            }
            j = chunkEnd;
        }
        for (; j + AXPY_CHUNK <= j1; j += AXPY_CHUNK) {
            for (int i = i0; i < i1; i++) {
                axpyChunk(k, a, aOff + i * aRs, aPs, b, bOff + j, ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
        for (; j + VL <= j1; j += VL) {
            for (int i = i0; i < i1; i++) {
                axpyVector(k, a, aOff + i * aRs, aPs, b, bOff + j, ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
        for (; j < j1; j++) {
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * aRs, ci = cOff + i * ldc + j;
                float s = accumulate ? c[ci] : 0f;
                float t = 0f;
                for (int p = 0, bi = bOff + j; p < k; p++, bi += ldb) {
                    t = Math.fma(a[ai + p * aPs], b[bi], t);
                }
                c[ci] = accumulate ? s + t : t;
            }
        }
    }

    private static void axpyChunk(int k, float[] a, int ai, int aPs, float[] b, int bj, int ldb,
                                  float[] c, int ci, boolean accumulate) {
        FloatVector t0 = FloatVector.zero(S), t1 = t0, t2 = t0, t3 = t0;
        for (int p = 0; p < k; p++, ai += aPs, bj += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            t0 = x.fma(FloatVector.fromArray(S, b, bj), t0);
            t1 = x.fma(FloatVector.fromArray(S, b, bj + VL), t1);
            t2 = x.fma(FloatVector.fromArray(S, b, bj + 2 * VL), t2);
            t3 = x.fma(FloatVector.fromArray(S, b, bj + 3 * VL), t3);
        }
        if (accumulate) {
            t0 = FloatVector.fromArray(S, c, ci).add(t0);
            t1 = FloatVector.fromArray(S, c, ci + VL).add(t1);
            t2 = FloatVector.fromArray(S, c, ci + 2 * VL).add(t2);
            t3 = FloatVector.fromArray(S, c, ci + 3 * VL).add(t3);
        }
        t0.intoArray(c, ci);
        t1.intoArray(c, ci + VL);
        t2.intoArray(c, ci + 2 * VL);
        t3.intoArray(c, ci + 3 * VL);
    }

    private static void axpyVector(int k, float[] a, int ai, int aPs, float[] b, int bj, int ldb,
                                   float[] c, int ci, boolean accumulate) {
        FloatVector t = FloatVector.zero(S);
        for (int p = 0; p < k; p++, ai += aPs, bj += ldb) {
            t = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bj), t);
        }
        if (accumulate) {
            t = FloatVector.fromArray(S, c, ci).add(t);
        }
        t.intoArray(c, ci);
    }

    /**
     * Rows {@code [i0, i1)}, columns {@code [j0, j1)} of C as dot products of rows of A and rows of B
     * (both contiguous along p). Blocks of {@value #DOT_BLOCK} B rows are the outer loop so that they stay
     * in L1 while the A rows meet them two at a time (8 independent FMA chains hide the FMA latency).
     * Every element is one FMA chain, one lane reduction and a scalar tail whichever block computes it.
     */
    static void dot(int i0, int i1, int j0, int j1, int k,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float[] c, int cOff, int ldc, boolean accumulate) {
        for (int j = j0; j < j1; j += DOT_BLOCK) {
            int cols = Math.min(DOT_BLOCK, j1 - j);
            int i = i0;
            for (; i + 2 <= i1; i += 2) {
                dot2x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, cols, c, cOff + i * ldc + j, ldc, accumulate);
            }
            if (i < i1) {
                dot1x4(k, a, aOff + i * lda, b, bOff + j * ldb, ldb, cols, c, cOff + i * ldc + j, accumulate);
            }
        }
    }

    /**
     * C[i..i+1][j..j+cols) for {@code cols <= 4}; B rows past {@code cols} re-read the last valid one (in
     * bounds, results dropped), so a column tail runs the same 8-chain loop.
     */
    private static void dot2x4(int k, float[] a, int ai, int lda, float[] b, int bj, int ldb, int cols,
                               float[] c, int ci, int ldc, boolean accumulate) {
        int a0 = ai, a1 = ai + lda;
        int b0 = bj, b1 = bj + Math.min(1, cols - 1) * ldb, b2 = bj + Math.min(2, cols - 1) * ldb;
        int b3 = bj + Math.min(3, cols - 1) * ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int p = 0;
        for (int end = k - VL; p <= end; p += VL) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
        }
        // Reduce here: a vector passed to a method that C2 declines to inline is boxed on every call.
        finish(p, k, a, a0, b, b0, b1, b2, b3, cols, c, ci, accumulate,
                s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
                s02.reduceLanes(VectorOperators.ADD), s03.reduceLanes(VectorOperators.ADD));
        finish(p, k, a, a1, b, b0, b1, b2, b3, cols, c, ci + ldc, accumulate,
                s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
                s12.reduceLanes(VectorOperators.ADD), s13.reduceLanes(VectorOperators.ADD));
    }

    /** C[i][j..j+cols) for {@code cols <= 4}, as {@link #dot2x4} for one row. */
    private static void dot1x4(int k, float[] a, int ai, float[] b, int bj, int ldb, int cols,
                               float[] c, int ci, boolean accumulate) {
        int b0 = bj, b1 = bj + Math.min(1, cols - 1) * ldb, b2 = bj + Math.min(2, cols - 1) * ldb;
        int b3 = bj + Math.min(3, cols - 1) * ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (int end = k - VL; p <= end; p += VL) {
            FloatVector x = FloatVector.fromArray(S, a, ai + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        finish(p, k, a, ai, b, b0, b1, b2, b3, cols, c, ci, accumulate,
                s0.reduceLanes(VectorOperators.ADD), s1.reduceLanes(VectorOperators.ADD),
                s2.reduceLanes(VectorOperators.ADD), s3.reduceLanes(VectorOperators.ADD));
    }

    /** Adds the scalar tail from {@code p} to four reduced sums and stores C[i][j..j+cols). */
    private static void finish(int p, int k, float[] a, int ai, float[] b, int b0, int b1, int b2, int b3, int cols,
                               float[] c, int ci, boolean accumulate, float t0, float t1, float t2, float t3) {
        for (; p < k; p++) {
            float x = a[ai + p];
            t0 = Math.fma(x, b[b0 + p], t0);
            t1 = Math.fma(x, b[b1 + p], t1);
            t2 = Math.fma(x, b[b2 + p], t2);
            t3 = Math.fma(x, b[b3 + p], t3);
        }
        c[ci] = accumulate ? c[ci] + t0 : t0;
        if (cols > 1) {
            c[ci + 1] = accumulate ? c[ci + 1] + t1 : t1;
        }
        if (cols > 2) {
            c[ci + 2] = accumulate ? c[ci + 2] + t2 : t2;
        }
        if (cols > 3) {
            c[ci + 3] = accumulate ? c[ci + 3] + t3 : t3;
        }
    }
}
