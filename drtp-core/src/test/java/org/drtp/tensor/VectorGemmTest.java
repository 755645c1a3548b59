package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorGemm} against the shared {@link GemmContract} (with its default thread policy), plus what
 * is specific to it: bit-identical results for any thread count, safe concurrent callers, and products
 * deep and wide enough to span several cache blocks.
 */
class VectorGemmTest extends GemmContract {

    @Override
    Gemm gemm() {
        return new VectorGemm(2);
    }

    /**
     * Shapes {m, n, k, transA, transB} that reach every planned path and split: AXPY (few rows; shallow NT),
     * dot products (thin NT and TT, split by rows or columns), the blocked kernel split by columns or by rows
     * (with the shared pre-packed Q), both NT orientations, TT, and several k blocks.
     */
    private static final int[][] PATH_SHAPES = {
        {3, 200, 50, 0, 0}, {2, 300, 40, 1, 0}, {40, 100, 5, 0, 1}, {4, 300, 70, 0, 1}, {90, 6, 80, 0, 1},
        {5, 60, 40, 1, 1}, {60, 784, 100, 0, 0}, {200, 40, 50, 0, 0}, {200, 40, 30, 1, 0}, {40, 300, 50, 0, 1},
        {300, 40, 50, 0, 1}, {50, 60, 70, 1, 1}, {13, 200, 2100, 0, 0}, {61, 97, 33, 1, 0},
        // rank-k updates of many rows (batch-1 and micro-batch weight gradients), split by rows
        {100, 37, 1, 1, 0}, {500, 784, 1, 1, 0}, {70, 130, 8, 0, 0}, {100, 50, 3, 0, 1},
        // a shared operand packed by the parts in several chunks: P's panels (column split), Q (row split)
        {60, 1000, 1000, 0, 0}, {1000, 100, 300, 1, 0},
    };

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        Random rnd = new Random(11);
        Gemm one = new VectorGemm(1);
        Gemm[] many = {new VectorGemm(2, 1), new VectorGemm(3, 1), new VectorGemm(4, 1)};
        for (int[] s : PATH_SHAPES) {
            for (float beta : new float[] {0f, 1f}) {
                Product p = new Product(rnd, s[0], s[1], s[2], s[3] == 1, s[4] == 1);
                float[] expected = p.run(one, beta);
                for (Gemm g : many) {
                    assertBitIdentical(expected, p.run(g, beta), s, g);
                }
            }
        }
    }

    @Test
    void agreesWithThePlainOracleOnOddShapesOffsetsAndStrides() {
        Random rnd = new Random(17);
        Gemm plain = new PlainGemm(), vector = gemm();
        double u = Math.ulp(1f) / 2;
        for (int t = 0; t < 8; t++) {
            boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
            float beta = (t & 4) != 0 ? 1f : 0f;
            for (int m : ODD_SIZES) {
                for (int n : ODD_SIZES) {
                    for (int k : ODD_SIZES) {
                        int lda = (transA ? m : k) + rnd.nextInt(3), ldb = (transB ? k : n) + rnd.nextInt(3);
                        int ldc = n + rnd.nextInt(3), aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
                        float[] a = random(rnd, aOff + (transA ? k : m) * lda), b = random(rnd, bOff + (transB ? n : k) * ldb);
                        float[] c = random(rnd, cOff + m * ldc), fromPlain = c.clone(), fromVector = c.clone();
                        if (beta == 0f) {
                            java.util.Arrays.fill(fromVector, Float.NaN); // beta 0 must ignore C entirely
                        }
                        plain.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, fromPlain, cOff, ldc);
                        vector.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, fromVector, cOff, ldc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double bound = 0;
                                for (int p = 0; p < k; p++) {
                                    bound += Math.abs((transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p])
                                            * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]));
                                }
                                int ci = cOff + i * ldc + j;
                                // Both are within (3 sqrt(k) + 4) u |A||B| of the exact value (GemmContract).
                                double tol = 2 * ((3 * Math.sqrt(k) + 4) * u * bound + 2 * u * Math.abs(fromPlain[ci]));
                                if (!(Math.abs(fromPlain[ci] - fromVector[ci]) <= tol)) {
                                    fail(String.format("%s%s m=%d n=%d k=%d beta=%s: C[%d][%d] plain %s, vector %s",
                                            transA ? "T" : "N", transB ? "T" : "N", m, n, k, beta, i, j, fromPlain[ci], fromVector[ci]));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallersShareThePoolSafely() throws Exception {
        Gemm shared = new VectorGemm(2, 1);
        Gemm one = new VectorGemm(1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(callers.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int it = 0; it < 15; it++) {
                        int[] s = PATH_SHAPES[(seed + it) % PATH_SHAPES.length];
                        Product p = new Product(rnd, s[0], s[1], s[2], s[3] == 1, s[4] == 1);
                        assertBitIdentical(p.run(one, 1f), p.run(shared, 1f), s, shared);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void deepAndWideProductsSpanSeveralCacheBlocks() {
        Random rnd = new Random(3);
        // k = 2100 gives three k blocks; n = 1100 at kc = 700 gives two packed column blocks.
        check(new VectorGemm(1), rnd, false, false, 13, 1100, 2100, 1f, true);
        check(new VectorGemm(2), rnd, true, false, 14, 1100, 2100, 0f, true);
        check(new VectorGemm(2), rnd, false, true, 40, 1100, 2100, 0f, true);
        check(new VectorGemm(2), rnd, true, true, 40, 1100, 2100, 1f, true);
    }

    @Test
    void reportsItsConfiguration() {
        VectorGemm g = new VectorGemm(3);
        assertEquals("vector", g.name());
        assertEquals(3, g.threads());
        assertTrue(g.toString().startsWith("vector (3 threads, "), g.toString());
        assertTrue(VectorGemm.vectorBits() >= 128);
        assertThrows(IllegalArgumentException.class, () -> new VectorGemm(0));
    }

    private static void assertBitIdentical(float[] expected, float[] actual, int[] shape, Gemm g) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(String.format("%s shape %dx%dx%d trans %d%d: element %d is %s with one thread, %s with %s",
                        g, shape[0], shape[1], shape[2], shape[3], shape[4], i, expected[i], actual[i], g));
            }
        }
    }

    /** Random operands of one product, tightly packed. */
    /**
     * Rows handed to a {@link Gemm.RowsDone} are final when handed over (a copy taken then equals the finished
     * product) and every row is handed over exactly once, for every path and split, with the weight gradient's
     * own shapes (TN, depth 60: delivered tile row by tile row from the parts) among them.
     */
    @Test
    void handsEveryRowOverOnceAndOnlyWhenFinal() {
        Random rnd = new Random(23);
        int[][] shapes = java.util.stream.Stream.concat(java.util.Arrays.stream(PATH_SHAPES),
                java.util.stream.Stream.of(new int[] {1000, 784, 60, 1, 0}, new int[] {130, 70, 300, 1, 0},
                        new int[] {64, 2000, 20, 1, 0})).toArray(int[][]::new);
        for (Gemm g : new Gemm[] {new VectorGemm(1), new VectorGemm(2, 1), new VectorGemm(3, 1)}) {
            for (int[] s : shapes) {
                for (float beta : new float[] {0f, 1f}) {
                    Product p = new Product(rnd, s[0], s[1], s[2], s[3] == 1, s[4] == 1);
                    float[] c = p.c0.clone();
                    float[] seenAtHandOver = new float[c.length];
                    java.util.concurrent.atomic.AtomicIntegerArray times = new java.util.concurrent.atomic.AtomicIntegerArray(p.m);
                    g.multiply(p.transA, p.transB, p.m, p.n, p.k, p.a, 0, p.transA ? p.m : p.k, p.b, 0,
                            p.transB ? p.k : p.n, beta, c, 0, p.n, (from, to) -> {
                                for (int i = from; i < to; i++) {
                                    times.incrementAndGet(i);
                                }
                                System.arraycopy(c, from * p.n, seenAtHandOver, from * p.n, (to - from) * p.n);
                            });
                    for (int i = 0; i < p.m; i++) {
                        assertEquals(1, times.get(i), "row " + i + " of " + java.util.Arrays.toString(s) + " on " + g);
                    }
                    assertBitIdentical(p.run(g, beta), seenAtHandOver, s, g);
                    assertBitIdentical(c, seenAtHandOver, s, g);
                }
            }
        }
    }

    /** The weight gradient's product hands its rows over tile row by tile row, not all at the end. */
    @Test
    void theWeightGradientHandsRowsOverAsTilesFinish() {
        Product p = new Product(new Random(5), 1000, 784, 60, true, false);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        new VectorGemm(1).multiply(true, false, 1000, 784, 60, p.a, 0, 1000, p.b, 0, 784, 0f, p.c0.clone(), 0, 784,
                (from, to) -> {
                    calls.incrementAndGet();
                    assertTrue(to - from <= MicroKernel.MR, "rows " + from + ".." + to);
                });
        assertEquals((1000 + MicroKernel.MR - 1) / MicroKernel.MR, calls.get());
    }

    /**
     * A wide weight gradient with rows enough (the conv net's 1000x6272 layer, here 120x2000) splits its rows when they
     * are wanted, so its rows come tile row by tile row from the parts, on one thread or two, and final when handed.
     */
    @Test
    void aWideWeightGradientSplitsItsRowsWhenTheyAreWanted() {
        Product p = new Product(new Random(13), 120, 2000, 60, true, false);
        float[] finished = p.run(new VectorGemm(1), 0f);
        for (Gemm g : new Gemm[] {new VectorGemm(1), new VectorGemm(2, 1)}) {
            float[] c = p.c0.clone();
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            g.multiply(true, false, 120, 2000, 60, p.a, 0, 120, p.b, 0, 2000, 0f, c, 0, 2000, (from, to) -> {
                calls.incrementAndGet();
                assertTrue(to - from <= MicroKernel.MR, "rows " + from + ".." + to + " on " + g);
                for (int i = from * 2000; i < to * 2000; i++) {
                    assertEquals(Float.floatToRawIntBits(finished[i]), Float.floatToRawIntBits(c[i]), "element " + i);
                }
            });
            assertEquals(120 / MicroKernel.MR, calls.get(), "tile rows handed over on " + g);
        }
    }

    /**
     * A product whose parts split C's columns (a weight gradient with few rows, here 64x2000) cannot hand rows over as its
     * tiles finish; it hands them over afterwards in row ranges over the pool's threads, not all at once on the calling
     * thread (the receiver is the optimizer stepping every element of them).
     */
    @Test
    void aColumnSplitHandsItsRowsOverInRangesAfterTheProduct() {
        Product p = new Product(new Random(9), 64, 2000, 60, true, false);
        List<int[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
        float[] c = p.c0.clone();
        float[] finished = p.run(new VectorGemm(1), 0f);
        new VectorGemm(2, 1).multiply(true, false, 64, 2000, 60, p.a, 0, 64, p.b, 0, 2000, 0f, c, 0, 2000,
                (from, to) -> {
                    for (int i = from * 2000; i < to * 2000; i++) {
                        assertEquals(Float.floatToRawIntBits(finished[i]), Float.floatToRawIntBits(c[i]), "element " + i);
                    }
                    ranges.add(new int[] {from, to});
                });
        assertEquals(4, ranges.size(), "two ranges per thread");
        ranges.sort(java.util.Comparator.comparingInt(r -> r[0]));
        int next = 0;
        for (int[] r : ranges) {
            assertEquals(next, r[0]);
            next = r[1];
        }
        assertEquals(64, next);
    }

    private static final class Product {
        final boolean transA, transB;
        final int m, n, k;
        final float[] a, b, c0;

        Product(Random rnd, int m, int n, int k, boolean transA, boolean transB) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            a = random(rnd, m * k);
            b = random(rnd, k * n);
            c0 = random(rnd, m * n);
        }

        float[] run(Gemm g, float beta) {
            float[] c = c0.clone();
            g.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
            return c;
        }
    }
}
