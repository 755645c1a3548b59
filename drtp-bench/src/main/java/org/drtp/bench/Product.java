package org.drtp.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.drtp.tensor.Gemm;

/**
 * One matrix product of a training step, {@code C = op(A) op(B)} with C m x n and depth k, on random
 * tightly packed operands. Written {@code MxNxK:TT} with T = N (plain) or T (transposed) for A then B,
 * e.g. {@code 60x1000x784:NT} is the forward product {@code Y = X W^T} of a 784-1000 layer at batch 60.
 */
final class Product {

    final int m, n, k;
    final boolean transA, transB;
    final float[] a, b, c;

    private Product(int m, int n, int k, boolean transA, boolean transB, long seed) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.transA = transA;
        this.transB = transB;
        SplittableRandom rnd = new SplittableRandom(seed);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
    }

    static Product parse(String spec) {
        String[] parts = spec.trim().toUpperCase(Locale.ROOT).split("[X:]");
        if (parts.length != 4 || parts[3].length() != 2 || !parts[3].matches("[NT]{2}")) {
            throw new IllegalArgumentException("product '" + spec + "': expected MxNxK:TT, e.g. 60x1000x784:NT");
        }
        return new Product(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                parts[3].charAt(0) == 'T', parts[3].charAt(1) == 'T', spec.hashCode());
    }

    /** {@code C = op(A) op(B)} (beta 0). */
    void run(Gemm gemm) {
        gemm.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
    }

    /** Floating-point operations of one product, in GFLOP (one multiply-add = 2 flops). */
    double gflop() {
        return 2e-9 * m * n * k;
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
