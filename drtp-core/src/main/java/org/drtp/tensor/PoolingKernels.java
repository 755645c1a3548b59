package org.drtp.tensor;

/**
 * The 2x2 max-pooling loops behind {@link MaxPool2x2}. The Vector API implementation ({@code VectorPooling}) is loaded
 * reflectively by {@link Kernels}, like the other vector kernels; implementations must write exactly what
 * {@link MaxPool2x2}'s scalar loops write (NaN payloads aside).
 */
interface PoolingKernels {

    /** As {@link MaxPool2x2#forward}. */
    void forward(float[] in, int inOff, int h, int w, float[] out, int outOff);

    /** As {@link MaxPool2x2#backward}. */
    void backward(float[] in, int inOff, int h, int w, float[] dOut, int outOff, float[] dIn, int dInOff);
}
