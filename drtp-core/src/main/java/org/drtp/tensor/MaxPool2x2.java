package org.drtp.tensor;

/**
 * 2x2 max-pooling with stride 2 over one {@code h x w} plane, as PyTorch's {@code nn.MaxPool2d(2, 2)}:
 * output {@code floor(h/2) x floor(w/2)} (a last odd row or column is dropped), each output the maximum of
 * its window. Ties go to the first maximum in row-major window order and a NaN wins (PyTorch's CPU kernel
 * updates on {@code val > max || isnan(val)}), so the gradient is routed exactly as PyTorch routes it.
 *
 * <p>The position of each window's maximum is kept as a float 0..3 ({@code 2*row + column} inside the
 * window): a float so that it lives in the same float workspace as everything else, and exact since it
 * is a small integer.
 */
public final class MaxPool2x2 {

    private MaxPool2x2() {
    }

    /**
     * Pools {@code in[inOff ..]} (h x w) into {@code out[outOff ..]} (h/2 x w/2); with {@code argmax}
     * non-null also records each maximum's window position at {@code argmax[argOff ..]}.
     */
    public static void forward(float[] in, int inOff, int h, int w, float[] out, int outOff, float[] argmax, int argOff) {
        int ph = h / 2, pw = w / 2;
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w;
            int r1 = r0 + w;
            int o = outOff + i * pw;
            int a = argOff + i * pw;
            for (int j = 0; j < pw; j++) {
                float m = in[r0 + 2 * j];
                int pos = 0;
                float v = in[r0 + 2 * j + 1];
                if (v > m || v != v) {
                    m = v;
                    pos = 1;
                }
                v = in[r1 + 2 * j];
                if (v > m || v != v) {
                    m = v;
                    pos = 2;
                }
                v = in[r1 + 2 * j + 1];
                if (v > m || v != v) {
                    m = v;
                    pos = 3;
                }
                out[o + j] = m;
                if (argmax != null) {
                    argmax[a + j] = pos;
                }
            }
        }
    }

    /**
     * Routes {@code dOut[outOff ..]} (h/2 x w/2) back to the plane {@code dIn[inOff ..]} (h x w), which is
     * overwritten: each window's maximum receives its output's gradient, every other position (and a dropped
     * odd row or column) zero.
     */
    public static void backward(float[] dOut, int outOff, float[] argmax, int argOff, int h, int w, float[] dIn, int inOff) {
        int ph = h / 2, pw = w / 2;
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w;
            int r1 = r0 + w;
            int o = outOff + i * pw;
            int a = argOff + i * pw;
            for (int j = 0; j < pw; j++) {
                float g = dOut[o + j];
                int pos = (int) argmax[a + j];
                dIn[r0 + 2 * j] = pos == 0 ? g : 0f;
                dIn[r0 + 2 * j + 1] = pos == 1 ? g : 0f;
                dIn[r1 + 2 * j] = pos == 2 ? g : 0f;
                dIn[r1 + 2 * j + 1] = pos == 3 ? g : 0f;
            }
            if ((w & 1) != 0) {
                dIn[r0 + w - 1] = 0f;
                dIn[r1 + w - 1] = 0f;
            }
        }
        if ((h & 1) != 0) {
            java.util.Arrays.fill(dIn, inOff + (h - 1) * w, inOff + h * w, 0f);
        }
    }
}
