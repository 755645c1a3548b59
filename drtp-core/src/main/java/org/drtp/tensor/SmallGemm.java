package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unpacked vector kernels of {@link VectorGemm} for shapes where packing would cost more than it saves:
 * a batch of one or a few rows (online learning), or very few terms per dot product.
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
    static void axpy(int i0, int i1, int j0, int j1, int k,
                     float[] a, int aOff, int aRs, int aPs, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int j = j0;
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
     * in L1 while every A row meets them.
     */
    static void dot(int i0, int i1, int j0, int j1, int k,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float[] c, int cOff, int ldc, boolean accumulate) {
        int j = j0;
        for (; j + DOT_BLOCK <= j1; j += DOT_BLOCK) {
            for (int i = i0; i < i1; i++) {
                dot4(k, a, aOff + i * lda, b, bOff + j * ldb, ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
        for (; j < j1; j++) {
            for (int i = i0; i < i1; i++) {
                dot1(k, a, aOff + i * lda, b, bOff + j * ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
    }

    private static void dot4(int k, float[] a, int ai, float[] b, int bj, int ldb,
                             float[] c, int ci, boolean accumulate) {
        int b0 = bj, b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (int end = k - VL; p <= end; p += VL) {
            FloatVector x = FloatVector.fromArray(S, a, ai + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD);
        float t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD);
        float t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            float x = a[ai + p];
            t0 = Math.fma(x, b[b0 + p], t0);
            t1 = Math.fma(x, b[b1 + p], t1);
            t2 = Math.fma(x, b[b2 + p], t2);
            t3 = Math.fma(x, b[b3 + p], t3);
        }
        if (accumulate) {
            c[ci] += t0;
            c[ci + 1] += t1;
            c[ci + 2] += t2;
            c[ci + 3] += t3;
        } else {
            c[ci] = t0;
            c[ci + 1] = t1;
            c[ci + 2] = t2;
            c[ci + 3] = t3;
        }
    }

    private static void dot1(int k, float[] a, int ai, float[] b, int bj,
                             float[] c, int ci, boolean accumulate) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (int end = k - VL; p <= end; p += VL) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            t = Math.fma(a[ai + p], b[bj + p], t);
        }
        c[ci] = accumulate ? c[ci] + t : t;
    }
}
