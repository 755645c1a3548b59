package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link ScalarUpdateKernels}: the same float operations in the same order (multiply
 * then add, never fused; IEEE square root and division), so the results are bit for bit the scalar ones.
 * Loaded reflectively by {@link Kernels}. As in {@code VectorActivations}, no vector crosses a method
 * boundary (a boxed vector costs 10-100x on Java 17). The vectors start on a cache line where {@link CacheLines}
 * knows where that is, after a scalar head: each element is computed alone, so the split never changes a result.
 */
public final class VectorUpdateKernels implements UpdateKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ScalarUpdateKernels TAIL = new ScalarUpdateKernels();

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float stepSize,
                     float invSqrtBc2, float eps) {
        float c1 = 1f - b1, c2 = 1f - b2;
        int i = CacheLines.vectorStart(from, to);
        TAIL.adam(w, g, m, v, from, i, b1, b2, stepSize, invSqrtBc2, eps);
        for (int end = i + S.loopBound(to - i); i < end; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(invSqrtBc2).add(eps);
            FloatVector.fromArray(S, w, i).sub(mi.mul(stepSize).div(denom)).intoArray(w, i);
        }
        TAIL.adam(w, g, m, v, i, to, b1, b2, stepSize, invSqrtBc2, eps);
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] s, int from, int to, float alpha, float lr, float eps) {
        float c = 1f - alpha;
        int i = CacheLines.vectorStart(from, to);
        TAIL.rmsprop(w, g, s, from, i, alpha, lr, eps);
        for (int end = i + S.loopBound(to - i); i < end; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector si = FloatVector.fromArray(S, s, i).mul(alpha).add(gi.mul(c).mul(gi));
            si.intoArray(s, i);
            FloatVector step = gi.mul(lr).div(si.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).sub(step).intoArray(w, i);
        }
        TAIL.rmsprop(w, g, s, i, to, alpha, lr, eps);
    }

    /**
     * Four vectors of columns at a time, each summed down the rows in registers: every column gets the same adds in
     * the same order as the scalar loop. Columns left over after the last whole vector are summed one by one.
     */
    @Override
    public void addColumnSums(float[] a, int rows, int cols, float[] out) {
        int step = S.length();
        int j = 0;
        for (; j + 4 * step <= cols; j += 4 * step) {
            FloatVector s0 = FloatVector.fromArray(S, out, j);
            FloatVector s1 = FloatVector.fromArray(S, out, j + step);
            FloatVector s2 = FloatVector.fromArray(S, out, j + 2 * step);
            FloatVector s3 = FloatVector.fromArray(S, out, j + 3 * step);
            for (int r = 0, base = j; r < rows; r++, base += cols) {
                s0 = s0.add(FloatVector.fromArray(S, a, base));
                s1 = s1.add(FloatVector.fromArray(S, a, base + step));
                s2 = s2.add(FloatVector.fromArray(S, a, base + 2 * step));
                s3 = s3.add(FloatVector.fromArray(S, a, base + 3 * step));
            }
            s0.intoArray(out, j);
            s1.intoArray(out, j + step);
            s2.intoArray(out, j + 2 * step);
            s3.intoArray(out, j + 3 * step);
        }
        for (; j + step <= cols; j += step) {
            FloatVector s0 = FloatVector.fromArray(S, out, j);
            for (int r = 0, base = j; r < rows; r++, base += cols) {
                s0 = s0.add(FloatVector.fromArray(S, a, base));
            }
            s0.intoArray(out, j);
        }
        for (; j < cols; j++) {
            float sum = out[j];
            for (int r = 0, base = j; r < rows; r++, base += cols) {
                sum += a[base];
            }
            out[j] = sum;
        }
    }

    @Override
    public void sgd(float[] w, float[] g, int from, int to, float lr) {
        int i = CacheLines.vectorStart(from, to);
        TAIL.sgd(w, g, from, i, lr);
        for (int end = i + S.loopBound(to - i); i < end; i += S.length()) {
            FloatVector.fromArray(S, w, i).sub(FloatVector.fromArray(S, g, i).mul(lr)).intoArray(w, i);
        }
        TAIL.sgd(w, g, i, to, lr);
    }

    @Override
    public void momentum(float[] w, float[] g, float[] buf, int from, int to, float lr, float mu, boolean nesterov,
                         boolean first) {
        int i = CacheLines.vectorStart(from, to);
        TAIL.momentum(w, g, buf, from, i, lr, mu, nesterov, first);
        for (int end = i + S.loopBound(to - i); i < end; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector b = first ? gi : FloatVector.fromArray(S, buf, i).mul(mu).add(gi);
            b.intoArray(buf, i);
            FloatVector step = nesterov ? gi.add(b.mul(mu)) : b;
            FloatVector.fromArray(S, w, i).sub(step.mul(lr)).intoArray(w, i);
        }
        TAIL.momentum(w, g, buf, i, to, lr, mu, nesterov, first);
    }
}
