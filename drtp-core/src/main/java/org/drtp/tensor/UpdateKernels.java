package org.drtp.tensor;

/**
 * The optimizers' element-wise update loops over {@code [from, to)} (PyTorch's update rules, see
 * {@code org.drtp.optim}). The Vector API implementation is loaded reflectively by {@link Kernels} like the
 * activation kernels; it performs the same float operations in the same order (no fused multiply-add), so both
 * implementations give identical bits.
 */
public interface UpdateKernels {

    /** Adam: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= stepSize m / (sqrt(v) invSqrtBc2 + eps)}. */
    void adam(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float stepSize,
              float invSqrtBc2, float eps);

    /** RMSprop: {@code s = alpha s + (1-alpha) g^2; w -= lr g / (sqrt(s) + eps)}. */
    void rmsprop(float[] w, float[] g, float[] s, int from, int to, float alpha, float lr, float eps);

    /** Plain SGD: {@code w -= lr g}. */
    void sgd(float[] w, float[] g, int from, int to, float lr);

    /**
     * SGD with momentum: {@code buf = first ? g : mu buf + g}, then {@code w -= lr (nesterov ? g + mu buf : buf)}.
     */
    void momentum(float[] w, float[] g, float[] buf, int from, int to, float lr, float mu, boolean nesterov, boolean first);

    /**
     * A dense layer's bias gradient or update: {@code out[j] += a[r cols + j]} for r = 0, 1, ..., rows - 1 in that
     * order, for every column j of the row-major {@code rows x cols} matrix {@code a}. Its own kernel because the
     * plain loop does not vectorize ({@code a} and {@code out} might be one array): 27 us for 60 x 1000 on Zen 5, on the
     * calling thread; with FC2-1000's two hidden layers, about 2.5 % of a DRTP step.
     */
    void addColumnSums(float[] a, int rows, int cols, float[] out);

    /** The implementation for this process: Vector API when available (as {@link Kernels#gemm()}), else scalar. */
    static UpdateKernels get() {
        return Kernels.updates();
    }
}
