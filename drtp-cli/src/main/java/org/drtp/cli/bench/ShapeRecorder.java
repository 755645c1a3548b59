package org.drtp.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.drtp.tensor.Gemm;

/**
 * A {@link Gemm} that counts the calls of each product shape ({@code MxNxK:TT}, with {@code +} when it accumulates
 * into C; a sum of products, {@link Gemm#sumOfProductsNT}, as {@code COUNT*MxNxK:NT}, one call however many terms) and
 * passes them on to the kernel it wraps: installed while a few training batches run, it lists the products an epoch
 * really makes, whatever the layers are.
 */
final class ShapeRecorder implements Gemm {

    private final Gemm inner;
    private final Map<String, Long> calls = new LinkedHashMap<>();

    ShapeRecorder(Gemm inner) {
        this.inner = inner;
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        count(m + "x" + n + "x" + k + ":" + (transA ? "T" : "N") + (transB ? "T" : "N") + (beta == 1f ? "+" : ""));
        inner.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void sumOfProductsNT(int count, int m, int n, int k, float[] a, int aOff, int aStep, int lda,
                                float[] b, int bOff, int bStep, int ldb, float beta, float[] c, int cOff, int ldc) {
        count(count + "*" + m + "x" + n + "x" + k + ":NT" + (beta == 1f ? "+" : ""));
        inner.sumOfProductsNT(count, m, n, k, a, aOff, aStep, lda, b, bOff, bStep, ldb, beta, c, cOff, ldc);
    }

    private void count(String key) {
        synchronized (calls) {
            calls.merge(key, 1L, Long::sum);
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    /** Calls per shape so far, in the order first seen. */
    Map<String, Long> calls() {
        synchronized (calls) {
            return new LinkedHashMap<>(calls);
        }
    }
}
