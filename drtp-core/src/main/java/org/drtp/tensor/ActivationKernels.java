package org.drtp.tensor;

/**
 * Element-wise kernels behind {@link FastMath}'s array methods (in place but for {@link #addScalar}). The Vector API
 * implementation ({@code VectorActivations}) is loaded reflectively by {@link Kernels}, so a JVM without
 * {@code jdk.incubator.vector} never links it; without it {@link FastMath} runs its scalar loops.
 * Implementations must return exactly what the scalar {@link FastMath} functions return per element.
 */
interface ActivationKernels {

    /** {@code a[i] = tanh(a[i])} over {@code [off, off+len)}. */
    void tanh(float[] a, int off, int len);

    /** {@code a[i] = 1 / (1 + exp(-a[i]))} over {@code [off, off+len)}. */
    void sigmoid(float[] a, int off, int len);

    /**
     * {@code a[off + i] = tanh(a[off + i] + bias[i])} for {@code i} in {@code [0, len)}: a dense layer's bias and
     * activation in one pass over a row (the same bits as the sum, then {@link #tanh}).
     */
    void tanhWithBias(float[] a, int off, int len, float[] bias);

    /** {@code a[off + i] = sigmoid(a[off + i] + bias[i])}, as {@link #tanhWithBias}. */
    void sigmoidWithBias(float[] a, int off, int len, float[] bias);

    /** {@code a[i] = exp(a[i] - shift)} over {@code [off, off+len)}. */
    void exp(float[] a, int off, int len, float shift);

    /**
     * {@code dst[dstOff + i] = src[srcOff + i] + c} for {@code i} in {@code [0, len)}: a conv map's channel bias,
     * copied out of the product's channel-first layout before its activation.
     */
    void addScalar(float[] src, int srcOff, float c, float[] dst, int dstOff, int len);
}
