package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#sumOfProductsNT}: {@link VectorGemm}'s one-hand-off sum ({@link ProductSum}) must give the bits of its
 * own loop of products, whichever operand it makes Q, however it splits, at any depth, beta 0 or 1.
 */
class ProductSumTest {

    /** count, m, n, k, lda, ldb, ldc, gap between terms. */
    private static final int[][] SHAPES = {
        {60, 32, 25, 784, 784, 2000, 25, 0}, // the conv net's weight gradient: 32 channels, 25 patch entries
        {5, 20, 40, 33, 35, 33, 41, 7},      // m < n: Q is B^T; odd depth; padded rows; gaps between terms
        // the smallest sides and depth the blocked kernels take (the depth is one vector: 8 on AVX2, 16 on AVX-512)
        {3, 17, 17, MicroKernel.VL, MicroKernel.VL, MicroKernel.VL + 1, 17, 0},
        {2, 200, 150, 40, 40, 40, 150, 3},    // a loop product that packs P in micro-panels
        {3, 18, 47, 1500, 1500, 1501, 50, 0}, // two depth blocks per term
    };

    private static float[] random(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private record Case(int count, int m, int n, int k, int lda, int ldb, int ldc, int aStep, int bStep, float[] a,
                        float[] b, float[] c0) {
        static Case of(int[] s, long seed) {
            int count = s[0], m = s[1], n = s[2], k = s[3], lda = s[4], ldb = s[5], ldc = s[6], gap = s[7];
            int aStep = m * lda + gap, bStep = n * ldb + gap;
            return new Case(count, m, n, k, lda, ldb, ldc, aStep, bStep, random(count * aStep + 5, seed),
                    random(count * bStep + 5, seed + 1), random(m * ldc, seed + 2));
        }

        float[] loop(float beta) {
            float[] c = c0.clone();
            Gemm one = new VectorGemm(1);
            for (int e = 0; e < count; e++) {
                one.multiply(false, true, m, n, k, a, 1 + e * aStep, lda, b, 2 + e * bStep, ldb, e == 0 ? beta : 1f, c, 0, ldc);
            }
            return c;
        }

        float[] sum(Gemm g, float beta) {
            float[] c = c0.clone();
            g.sumOfProductsNT(count, m, n, k, a, 1, aStep, lda, b, 2, bStep, ldb, beta, c, 0, ldc);
            return c;
        }

        /** The parts run one after the other on this thread, with either split. */
        float[] parts(boolean splitSlivers, int parts, float beta) {
            float[] c = c0.clone();
            ProductSum task = new ProductSum();
            task.plan(count, m, n, k, a, 1, aStep, lda, b, 2, bStep, ldb, beta == 1f, c, 0, ldc, splitSlivers);
            for (int part = parts - 1; part >= 0; part--) {
                task.run(part, parts);
            }
            return c;
        }
    }

    @Test
    void theSumHasTheBitsOfTheLoopOfProducts() {
        for (int[] s : SHAPES) {
            Case c = Case.of(s, s[1] * 31L + s[3]);
            assertTrue(ProductSum.applies(c.m(), c.n(), c.k()));
            for (float beta : new float[] {0f, 1f}) {
                float[] expected = c.loop(beta);
                String what = java.util.Arrays.toString(s) + " beta " + beta;
                assertArrayEquals(expected, c.sum(new VectorGemm(1), beta), what + ", 1 thread");
                assertArrayEquals(expected, c.sum(new VectorGemm(2, 1), beta), what + ", 2 threads");
                assertArrayEquals(expected, c.sum(new VectorGemm(3, 1), beta), what + ", 3 threads");
                for (int parts : new int[] {1, 2, 3, 5}) {
                    assertArrayEquals(expected, c.parts(true, parts, beta), what + ", slivers in " + parts + " parts");
                    assertArrayEquals(expected, c.parts(false, parts, beta), what + ", tiles in " + parts + " parts");
                }
            }
        }
    }

    @Test
    void shapesOutsideTheBlockedKernelsRunTheLoop() {
        int[][] small = {{4, 16, 30, 50}, {4, 30, 9, 50}, {4, 30, 30, 5}}; // dot products (a side of 16 or less), AXPY
        for (int[] s : small) {
            int count = s[0], m = s[1], n = s[2], k = s[3];
            Case c = Case.of(new int[] {count, m, n, k, k, k, n, 0}, 7);
            assertTrue(!ProductSum.applies(m, n, k));
            assertArrayEquals(c.loop(0f), c.sum(new VectorGemm(2, 1), 0f), java.util.Arrays.toString(s));
        }
    }

    @Test
    void termsOutsideTheArraysAndNoTermsAreRefused() {
        Gemm g = new VectorGemm(2, 1);
        float[] a = new float[3 * 32 * 40], b = new float[3 * 25 * 40], c = new float[32 * 25];
        assertThrows(IllegalArgumentException.class,
                () -> g.sumOfProductsNT(4, 32, 25, 40, a, 0, 32 * 40, 40, b, 0, 25 * 40, 40, 0f, c, 0, 25));
        assertThrows(IllegalArgumentException.class,
                () -> g.sumOfProductsNT(0, 32, 25, 40, a, 0, 32 * 40, 40, b, 0, 25 * 40, 40, 0f, c, 0, 25));
        assertThrows(IllegalArgumentException.class,
                () -> new PlainGemm().sumOfProductsNT(0, 32, 25, 40, a, 0, 32 * 40, 40, b, 0, 25 * 40, 40, 0f, c, 0, 25));
    }
}
