package org.drtp.nn;

import org.drtp.tensor.Activation;
import org.drtp.tensor.ConvGeometry;
import org.drtp.tensor.FastMath;
import org.drtp.tensor.Im2col;
import org.drtp.tensor.MaxPool2x2;
import org.drtp.tensor.ParallelRange;

/**
 * A {@link ConvLayer}'s passes over its batch's maps, split over the kernel threads ({@link ParallelRange}) by whole
 * examples, planes (one example's channel) or channels. Each value is computed as on one thread, in the same order,
 * so results do not depend on the split. Why: at the Fashion-MNIST net (60 x 32 planes of 28 x 28) these passes took
 * a fifth of a training step on the calling thread while the other core waited (docs/performance.md, "The passes
 * around the products on all threads").
 *
 * <p>One instance per layer and calling thread ({@link ConvLayer} keeps them in a {@code ThreadLocal}): the jobs hold
 * the arrays of the current call in fields, so nothing is allocated per batch or per example.
 */
final class ConvMapPasses {

    private final ConvGeometry geometry;
    private final Activation activation;
    private final int channels;
    private final int patch;
    private final int pixels;
    private final int pooledPixels;
    private final int mapHeight;
    private final int mapWidth;

    private final Im2colJob im2col = new Im2colJob();
    private final MapJob maps = new MapJob();
    private final UnpoolJob unpool = new UnpoolJob();
    private final BiasGradientJob biasGradient = new BiasGradientJob();

    // The arrays and sizes of the current call; cleared after it so that no batch outlives its call here.
    private float[] x;
    private float[] cols;
    private float[] z;
    private float[] bias;
    private float[] signal;
    private float[] out;
    private float[] dOut;
    private float[] dSignal;
    private float[] dz;
    private float[] gb;
    private int start;
    private int n;
    private int ld;

    ConvMapPasses(ConvGeometry geometry, Activation activation, int channels) {
        this.geometry = geometry;
        this.activation = activation;
        this.channels = channels;
        this.patch = geometry.patchSize();
        this.pixels = geometry.outPixels();
        this.mapHeight = geometry.outHeight();
        this.mapWidth = geometry.outWidth();
        this.pooledPixels = (mapHeight / 2) * (mapWidth / 2);
    }

    /** The columns of examples {@code [start, start + n)} of {@code x}, example e at column {@code e * pixels}. */
    void im2col(float[] x, int start, int n, float[] cols) {
        this.x = x;
        this.cols = cols;
        this.start = start;
        this.ld = n * pixels;
        try {
            im2col.execute(n, patch * pixels);
        } finally {
            clear();
        }
    }

    /**
     * From the channel-first product {@code z} ([channel, example, pixel], row length {@code n * pixels}): the NCHW
     * signal map {@code f(z + b)} and its 2x2 max-pooling into {@code out} at example {@code start}.
     */
    void biasActivatePool(float[] z, float[] bias, int start, int n, float[] signal, float[] out) {
        this.z = z;
        this.bias = bias;
        this.signal = signal;
        this.out = out;
        this.start = start;
        this.ld = n * pixels;
        try {
            maps.execute(n * channels, pixels);
        } finally {
            clear();
        }
    }

    /** Routes each pooled gradient of {@code dOut} to its window's maximum in {@code dSignal} ({@link MaxPool2x2}). */
    void unpool(float[] signal, float[] dOut, float[] dSignal, int n) {
        this.signal = signal;
        this.dOut = dOut;
        this.dSignal = dSignal;
        try {
            unpool.execute(n * channels, pixels);
        } finally {
            clear();
        }
    }

    /** {@code gb[c]} = the sum of channel c of the NCHW gradient {@code dz} over its n examples, in example order. */
    void biasGradient(float[] dz, int n, float[] gb) {
        this.dz = dz;
        this.gb = gb;
        this.n = n;
        try {
            biasGradient.execute(channels, n * pixels);
        } finally {
            clear();
        }
    }

    private void clear() {
        x = cols = z = bias = signal = out = dOut = dSignal = dz = gb = null;
    }

    private final class Im2colJob extends ParallelRange {
        @Override
        protected void range(int from, int to) {
            int inSize = geometry.inputSize();
            for (int e = from; e < to; e++) {
                Im2col.im2col(geometry, x, (start + e) * inSize, cols, e * pixels, ld);
            }
        }
    }

    private final class MapJob extends ParallelRange {
        @Override
        protected void range(int from, int to) {
            for (int plane = from; plane < to; plane++) {
                int e = plane / channels, c = plane % channels;
                int src = c * ld + e * pixels;
                int dst = plane * pixels;
                FastMath.addScalar(z, src, bias[c], signal, dst, pixels);
                activation.apply(signal, dst, pixels);
                MaxPool2x2.forward(signal, dst, mapHeight, mapWidth, out, (start * channels + plane) * pooledPixels);
            }
        }
    }

    private final class UnpoolJob extends ParallelRange {
        @Override
        protected void range(int from, int to) {
            for (int m = from; m < to; m++) {
                MaxPool2x2.backward(signal, m * pixels, mapHeight, mapWidth, dOut, m * pooledPixels, dSignal, m * pixels);
            }
        }
    }

    /**
     * Each channel's sum is two chains over a plane's pixels (even and odd), added per example in example order. Four
     * channels are summed side by side: their eight chains are independent, so the adds no longer wait on one another
     * (each chain is the same sequence of adds as alone, so the same bits): 0.65x the time for the conv net's 60 x 32
     * planes of 28 x 28, one thread (docs/performance.md).
     */
    private final class BiasGradientJob extends ParallelRange {
        @Override
        protected void range(int from, int to) {
            int c = from;
            for (; c + 3 < to; c += 4) {
                fourChannels(c);
            }
            for (; c < to; c++) {
                float sum = 0f;
                for (int e = 0; e < n; e++) {
                    int src = (e * channels + c) * pixels;
                    float s0 = 0f, s1 = 0f;
                    int q = 0;
                    for (; q + 1 < pixels; q += 2) {
                        s0 += dz[src + q];
                        s1 += dz[src + q + 1];
                    }
                    if (q < pixels) {
                        s0 += dz[src + q];
                    }
                    sum += s0 + s1;
                }
                gb[c] = sum;
            }
        }

        private void fourChannels(int c) {
            float sum0 = 0f, sum1 = 0f, sum2 = 0f, sum3 = 0f;
            for (int e = 0; e < n; e++) {
                int p0 = (e * channels + c) * pixels, p1 = p0 + pixels, p2 = p1 + pixels, p3 = p2 + pixels;
                float a0 = 0f, b0 = 0f, a1 = 0f, b1 = 0f, a2 = 0f, b2 = 0f, a3 = 0f, b3 = 0f;
                int q = 0;
                for (; q + 1 < pixels; q += 2) {
                    a0 += dz[p0 + q];
                    b0 += dz[p0 + q + 1];
                    a1 += dz[p1 + q];
                    b1 += dz[p1 + q + 1];
                    a2 += dz[p2 + q];
                    b2 += dz[p2 + q + 1];
                    a3 += dz[p3 + q];
                    b3 += dz[p3 + q + 1];
                }
                if (q < pixels) {
                    a0 += dz[p0 + q];
                    a1 += dz[p1 + q];
                    a2 += dz[p2 + q];
                    a3 += dz[p3 + q];
                }
                sum0 += a0 + b0;
                sum1 += a1 + b1;
                sum2 += a2 + b2;
                sum3 += a3 + b3;
            }
            gb[c] = sum0;
            gb[c + 1] = sum1;
            gb[c + 2] = sum2;
            gb[c + 3] = sum3;
        }
    }
}
