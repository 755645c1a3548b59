package org.drtp.tensor;

/**
 * Fast single-precision exp, tanh and sigmoid.
 *
 * <p>Why: on Java 17 {@code Math.tanh} is not an intrinsic and costs ~45 ns per element, more than the
 * matrix products of a training step (DESIGN section 4). These versions are branch-light scalar code that
 * C2 compiles to a few dozen instructions.
 *
 * <p>Method: {@code exp(x) = 2^k * exp(r)} with {@code k = round(x / ln 2)}, {@code |r| <= ln(2)/2}, and a
 * degree-7 Taylor polynomial for {@code exp(r)} (truncation error below 6e-9 relative); the power of two
 * is built in the float exponent bits. {@code tanh(x) = sign(x) (1 - e) / (1 + e)} with
 * {@code e = exp(-2|x|)}, {@code sigmoid(x) = 1 / (1 + exp(-x))}. Measured errors (tests): exp relative
 * &lt; 3e-7, tanh and sigmoid absolute &lt; 3e-7 over the whole float range.
 */
public final class FastMath {

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split so that k * LN2_HI is exact for |k| < 2^9.
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.42860682030941723212e-6f;
    /** Beyond this exp overflows float; below -EXP_LIMIT_LOW it underflows to 0. */
    private static final float EXP_MAX = 88.72283f;
    private static final float EXP_MIN = -87.33654f;
    /** tanh(9) rounds to 1 in float. */
    private static final float TANH_SATURATION = 9f;

    private FastMath() {
    }

    /** e^x for finite x; +Inf above ~88.7, 0 below ~-87.3 (no denormals); NaN stays NaN. */
    public static float exp(float x) {
        if (x > EXP_MAX) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_MIN) {
            return 0f;
        }
        if (x != x) {
            return x;
        }
        float kf = (float) Math.floor(x * LOG2E + 0.5f);
        int k = (int) kf;
        float r = x - kf * LN2_HI - kf * LN2_LO;
        float p = 1f / 5040f;
        p = p * r + 1f / 720f;
        p = p * r + 1f / 120f;
        p = p * r + 1f / 24f;
        p = p * r + 1f / 6f;
        p = p * r + 0.5f;
        p = p * r + 1f;
        p = p * r + 1f;
        // k in [-126, 128]: build 2^k in two halves so that k = 128 does not overflow the exponent field.
        int k1 = k >> 1, k2 = k - k1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }

    /** Hyperbolic tangent, absolute error below 3e-7. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax >= TANH_SATURATION) {
            return Math.copySign(1f, x);
        }
        float e = exp(-2f * ax);
        return Math.copySign((1f - e) / (1f + e), x);
    }

    /** Logistic sigmoid 1 / (1 + e^-x), absolute error below 3e-7. */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** In-place tanh over {@code a[off, off+len)}. */
    public static void tanh(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = tanh(a[i]);
        }
    }

    /** In-place sigmoid over {@code a[off, off+len)}. */
    public static void sigmoid(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /**
     * In-place softmax of each of {@code rows} rows of {@code cols} values (max-subtracted, so it never
     * overflows).
     */
    public static void softmaxRows(float[] a, int off, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, a[base + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = exp(a[base + j] - max);
                a[base + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                a[base + j] *= inv;
            }
        }
    }
}
