package org.drtp.tensor;

/**
 * Fast single-precision exp, tanh and sigmoid, scalar and in place over arrays.
 *
 * <p>Why: on Java 17 {@code Math.tanh} is not an intrinsic and costs ~45 ns per element, more than the
 * matrix products of a training step ({@code docs/performance.md}). The array methods use a Vector API version
 * ({@code VectorActivations}) when {@link Kernels} enabled one, and the scalar code here otherwise; both
 * run the same operations in the same order, so they return the same bits (NaN payloads aside).
 *
 * <p>Method: {@code exp(x) = 2^k exp(r)} with {@code k = rint(x log2 e)} (rounded by adding
 * {@code 1.5 * 2^23}, which also leaves k in the low mantissa bits), {@code r = x - k ln 2} in two FMA
 * steps ({@code |r| <= ln(2)/2}) and a degree-7 Taylor polynomial for {@code exp(r)} in FMA Horner form
 * (truncation below 6e-9 relative); {@code 2^k} is built in the exponent bits.
 * {@code tanh(x) = sign(x) (1 - e) / (1 + e)} with {@code e = exp(-2|x|)}, except the odd Taylor series
 * {@code x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835} below {@code |x| = 1/16} (keeps tiny arguments
 * relatively accurate) and {@code ±1} from {@code |x| = 9} on, where tanh rounds to 1.
 * {@code sigmoid(x) = 1 / (1 + exp(-x))} with {@code -x} clamped to {@code [-87.3, 88]}, which changes
 * nothing visible and keeps exp finite. Measured errors (asserted by the tests against {@code Math}):
 * exp relative &lt; 1e-7, tanh and sigmoid absolute &lt; 1e-7 (tanh relative &lt; 4e-7) over the float range.
 */
public final class FastMath {

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split: LN2_HI has 15 significant bits, so k * LN2_HI is exact for |k| &lt; 2^9. */
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860682030941723212e-6f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude &lt; 2^22 to an integer, kept in the low bits. */
    static final float ROUND_MAGIC = 12582912f;
    static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** Beyond this e^x overflows float. */
    static final float EXP_MAX = 88.72283f;
    /** Below this e^x is under the smallest normal float; {@link #exp(float)} returns 0 there. */
    static final float EXP_MIN = -87.33654f;
    /** sigmoid clamps -x to [EXP_MIN, 88]: e^88 keeps 1 + e finite, and the result is then below 1e-38. */
    static final float SIGMOID_CLAMP = 88f;
    /** tanh(9) rounds to 1 in float. */
    static final float TANH_SATURATION = 9f;
    /** Below this |x|, tanh uses its Taylor series. */
    static final float TANH_SMALL = 0.0625f;

    static final float P7 = 1f / 5040f, P6 = 1f / 720f, P5 = 1f / 120f, P4 = 1f / 24f, P3 = 1f / 6f, P2 = 0.5f;
    static final float T9 = 62f / 2835f, T7 = -17f / 315f, T5 = 2f / 15f, T3 = -1f / 3f;

    /** Set once: the Vector API kernels, or null for the scalar loops below. */
    private static final ActivationKernels VECTOR = Kernels.vectorActivations();

    private FastMath() {
    }

    /** e^x; +Inf above ~88.72, 0 below -87.33654 (where e^x would be subnormal); NaN stays NaN. */
    public static float exp(float x) {
        if (x > EXP_MAX) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_MIN) {
            return 0f;
        }
        return expCore(x);
    }

    /** e^x for x in [EXP_MIN, EXP_MAX], or NaN; garbage (but no exception) elsewhere. */
    static float expCore(float x) {
        float s = Math.fma(x, LOG2E, ROUND_MAGIC);
        float kf = s - ROUND_MAGIC;
        float p = expPolynomial(Math.fma(kf, -LN2_LO, Math.fma(kf, -LN2_HI, x)));
        // k in [-126, 128]: scale in two halves so that k = 128 does not overflow the exponent field
        // (both multiplications are exact unless the result is subnormal, then it is rounded once).
        int k = Float.floatToRawIntBits(s) - ROUND_MAGIC_BITS;
        int k1 = k >> 1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
    }

    /** exp(r) for |r| &lt;= ln(2)/2: degree-7 Taylor polynomial. */
    private static float expPolynomial(float r) {
        float p = Math.fma(P7, r, P6);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, 1f);
        return Math.fma(p, r, 1f);
    }

    /** Hyperbolic tangent, absolute error below 1e-7; odd (keeps the sign of -0). */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax >= TANH_SATURATION) {
            return Math.copySign(1f, x);
        }
        if (ax < TANH_SMALL) {
            float x2 = x * x;
            float q = Math.fma(T9, x2, T7);
            q = Math.fma(q, x2, T5);
            q = Math.fma(q, x2, T3);
            // copySign only matters for -0 (the FMA would return +0): keeps tanh odd, as the vector path does.
            return Math.copySign(Math.fma(x * x2, q, x), x);
        }
        float e = expCore(-2f * ax);
        return Math.copySign((1f - e) / (1f + e), x);
    }

    /** Logistic sigmoid 1 / (1 + e^-x), absolute error below 1e-7. */
    public static float sigmoid(float x) {
        float z = -x;
        if (z > SIGMOID_CLAMP) {
            z = SIGMOID_CLAMP;
        }
        if (z < EXP_MIN) {
            z = EXP_MIN;
        }
        return 1f / (1f + expCore(z));
    }

    /** In-place tanh over {@code a[off, off+len)}. */
    public static void tanh(float[] a, int off, int len) {
        if (VECTOR != null) {
            VECTOR.tanh(a, off, len);
        } else {
            tanhScalar(a, off, len);
        }
    }

    /**
     * {@code a[off + i] = tanh(a[off + i] + bias[i])} over {@code [0, len)}: a row's bias and activation in one pass
     * (the bias add alone did not vectorize, {@code a} and {@code bias} might be one array: 22-38 us for 60 x 1000 on
     * one Zen 5 core, as long as the tanh).
     */
    public static void tanh(float[] a, int off, int len, float[] bias) {
        if (VECTOR != null) {
            VECTOR.tanhWithBias(a, off, len, bias);
        } else {
            addBias(a, off, len, bias);
            tanhScalar(a, off, len);
        }
    }

    /** {@code a[off + i] = sigmoid(a[off + i] + bias[i])} over {@code [0, len)}, as {@link #tanh(float[], int, int, float[])}. */
    public static void sigmoid(float[] a, int off, int len, float[] bias) {
        if (VECTOR != null) {
            VECTOR.sigmoidWithBias(a, off, len, bias);
        } else {
            addBias(a, off, len, bias);
            sigmoidScalar(a, off, len);
        }
    }

    /** {@code a[off + i] += bias[i]} over {@code [0, len)}: a row's bias, before an activation computed apart. */
    static void addBias(float[] a, int off, int len, float[] bias) {
        for (int i = 0; i < len; i++) {
            a[off + i] += bias[i];
        }
    }

    /** {@code dst[dstOff + i] = src[srcOff + i] + c} over {@code [0, len)} (vector adds when the Vector API is on). */
    public static void addScalar(float[] src, int srcOff, float c, float[] dst, int dstOff, int len) {
        if (VECTOR != null) {
            VECTOR.addScalar(src, srcOff, c, dst, dstOff, len);
        } else {
            for (int i = 0; i < len; i++) {
                dst[dstOff + i] = src[srcOff + i] + c;
            }
        }
    }

    /** In-place sigmoid over {@code a[off, off+len)}. */
    public static void sigmoid(float[] a, int off, int len) {
        if (VECTOR != null) {
            VECTOR.sigmoid(a, off, len);
        } else {
            sigmoidScalar(a, off, len);
        }
    }

    /** In-place {@code a[i] = exp(a[i])} over {@code a[off, off+len)}. */
    public static void exp(float[] a, int off, int len) {
        expShifted(a, off, len, 0f);
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
            expShifted(a, base, cols, max);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += a[base + j];
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                a[base + j] *= inv;
            }
        }
    }

    /** {@code a[i] = exp(a[i] - shift)} over {@code a[off, off+len)}. */
    private static void expShifted(float[] a, int off, int len, float shift) {
        if (VECTOR != null) {
            VECTOR.exp(a, off, len, shift);
        } else {
            expScalar(a, off, len, shift);
        }
    }

    static void tanhScalar(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = tanh(a[i]);
        }
    }

    static void sigmoidScalar(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    static void expScalar(float[] a, int off, int len, float shift) {
        for (int i = off, end = off + len; i < end; i++) {
            a[i] = exp(a[i] - shift);
        }
    }
}
