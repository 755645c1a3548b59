package org.drtp.tensor;

/** Plain-Java update loops: the fallback, and the reference the vector ones must match bit for bit. */
final class ScalarUpdateKernels implements UpdateKernels {

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float stepSize,
                     float invSqrtBc2, float eps) {
        float c1 = 1f - b1, c2 = 1f - b2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + eps);
        }
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] s, int from, int to, float alpha, float lr, float eps) {
        float c = 1f - alpha;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = alpha * s[i] + c * gi * gi;
            s[i] = si;
            w[i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public void addColumnSums(float[] a, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += a[base + j];
            }
        }
    }

    @Override
    public void sgd(float[] w, float[] g, int from, int to, float lr) {
        for (int i = from; i < to; i++) {
            w[i] -= lr * g[i];
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] buf, int from, int to, float lr, float mu, boolean nesterov,
                         boolean first) {
        for (int i = from; i < to; i++) {
            float b = first ? g[i] : mu * buf[i] + g[i];
            buf[i] = b;
            w[i] -= lr * (nesterov ? g[i] + mu * b : b);
        }
    }
}
