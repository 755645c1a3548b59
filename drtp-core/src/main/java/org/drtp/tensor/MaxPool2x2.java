package org.drtp.tensor;

import java.util.Arrays;

/**
 * 2x2 max-pooling with stride 2 over one {@code h x w} plane, as PyTorch's {@code nn.MaxPool2d(2, 2)}:
 * output {@code floor(h/2) x floor(w/2)} (a last odd row or column is dropped), each output the maximum of
 * its window, and the gradient routed to the window's maximum: the first one in row-major window order on
 * ties, as PyTorch's CPU kernel (it updates on {@code val > max || isnan(val)}).
 *
 * <p>Why no argmax is stored: the forward pass is a branch-free {@code Math.max} tree (about 0.3 ns per input
 * on these machines, against 3 ns for a compare-and-record loop whose branches random data mispredicts),
 * and only backpropagation and feedback alignment ever route a gradient through the pooling (DFA, sDFA and
 * DRTP attach their signals before it), so {@link #backward} recomputes each window's maximum position
 * from the kept input plane, with integer masks instead of branches. The one difference from PyTorch is the
 * sign of a zero maximum when -0 and +0 tie (PyTorch keeps the first, {@code Math.max} gives +0), which no
 * later computation can tell apart.
 *
 * <p>With the Vector API enabled ({@link Kernels}) both directions run in {@code VectorPooling}, bit for bit these
 * scalar loops, which stay as the fallback and the oracle ({@link #forwardScalar}, {@link #backwardScalar}).
 */
public final class MaxPool2x2 {

    private MaxPool2x2() {
    }

    /** Set once: the Vector API loops, or null for the scalar ones below. */
    private static final PoolingKernels VECTOR = Kernels.vectorPooling();

    /** Pools {@code in[inOff ..]} (h x w) into {@code out[outOff ..]} (h/2 x w/2); a NaN in a window gives NaN. */
    public static void forward(float[] in, int inOff, int h, int w, float[] out, int outOff) {
        if (VECTOR != null) {
            VECTOR.forward(in, inOff, h, w, out, outOff);
        } else {
            forwardScalar(in, inOff, h, w, out, outOff);
        }
    }

    /** {@link #forward} in plain Java, the oracle of the vector loops. */
    static void forwardScalar(float[] in, int inOff, int h, int w, float[] out, int outOff) {
        int ph = h / 2, pw = w / 2;
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w;
            int r1 = r0 + w;
            int o = outOff + i * pw;
            for (int j = 0; j < pw; j++) {
                int c = 2 * j;
                out[o + j] = Math.max(Math.max(in[r0 + c], in[r0 + c + 1]), Math.max(in[r1 + c], in[r1 + c + 1]));
            }
        }
    }

    /**
     * Routes {@code dOut[outOff ..]} (h/2 x w/2) back onto the plane {@code dIn[dInOff ..]} (h x w), which is
     * overwritten: each window's first maximum in {@code in[inOff ..]} (the plane that was pooled) receives its
     * output's gradient, every other position (and a dropped odd row or column) zero.
     */
    public static void backward(float[] in, int inOff, int h, int w, float[] dOut, int outOff, float[] dIn, int dInOff) {
        if (VECTOR != null) {
            VECTOR.backward(in, inOff, h, w, dOut, outOff, dIn, dInOff);
        } else {
            backwardScalar(in, inOff, h, w, dOut, outOff, dIn, dInOff);
        }
    }

    /** {@link #backward} in plain Java, the oracle of the vector loops. */
    static void backwardScalar(float[] in, int inOff, int h, int w, float[] dOut, int outOff, float[] dIn, int dInOff) {
        int ph = h / 2, pw = w / 2;
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w;
            int d0 = dInOff + 2 * i * w;
            backwardWindows(in, r0, r0 + w, dOut, outOff + i * pw, dIn, d0, d0 + w, 0, pw);
            if ((w & 1) != 0) {
                dIn[d0 + w - 1] = 0f;
                dIn[d0 + 2 * w - 1] = 0f;
            }
        }
        if ((h & 1) != 0) {
            Arrays.fill(dIn, dInOff + (h - 1) * w, dInOff + h * w, 0f);
        }
    }

    /**
     * Windows {@code [j0, j1)} of one row pair (input rows from {@code r0} and {@code r1}, gradient rows from {@code d0}
     * and {@code d1}, output gradients from {@code o}): the scalar routing, NaN windows included.
     */
    static void backwardWindows(float[] in, int r0, int r1, float[] dOut, int o, float[] dIn, int d0, int d1, int j0,
                                int j1) {
        for (int j = j0; j < j1; j++) {
            int c = 2 * j;
            float a = in[r0 + c], b = in[r0 + c + 1], x = in[r1 + c], y = in[r1 + c + 1];
            float m = Math.max(Math.max(a, b), Math.max(x, y));
            float g = dOut[o + j];
            int gb = Float.floatToRawIntBits(g);
            if (m != m) { // a NaN: PyTorch keeps the last NaN of the window (rare: training has diverged)
                int pos = y != y ? 3 : x != x ? 2 : b != b ? 1 : 0;
                dIn[d0 + c] = pos == 0 ? g : 0f;
                dIn[d0 + c + 1] = pos == 1 ? g : 0f;
                dIn[d1 + c] = pos == 2 ? g : 0f;
                dIn[d1 + c + 1] = pos == 3 ? g : 0f;
                continue;
            }
            // Masks of "equal to the maximum", reduced to the first one, select g's bits or +0 without
            // branches (a multiplication would turn an infinite g into NaN at the other positions).
            int ea = a == m ? 1 : 0, eb = b == m ? 1 : 0, ex = x == m ? 1 : 0;
            int kb = eb & (ea ^ 1);
            int kx = ex & ((ea | eb) ^ 1);
            int ky = (ea | eb | ex) ^ 1;
            dIn[d0 + c] = Float.intBitsToFloat(gb & -ea);
            dIn[d0 + c + 1] = Float.intBitsToFloat(gb & -kb);
            dIn[d1 + c] = Float.intBitsToFloat(gb & -kx);
            dIn[d1 + c + 1] = Float.intBitsToFloat(gb & -ky);
        }
    }
}
