package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorActivations} returns exactly the bits of the scalar {@link FastMath} functions (so it
 * inherits their accuracy, which {@link FastMathTest} checks against {@code Math}), at every lane
 * position, offset and tail length; and it is within 1e-6 of the exact functions directly.
 */
class VectorActivationsTest {

    private final VectorActivations vector = new VectorActivations();

    @Test
    void equalsTheScalarFunctionsBitForBitOnADenseGridAndSpecialValues() {
        float[] x = grid();
        float[] t = x.clone(), s = x.clone(), e = x.clone(), shifted = x.clone();
        vector.tanh(t, 0, x.length);
        vector.sigmoid(s, 0, x.length);
        vector.exp(e, 0, x.length, 0f);
        vector.exp(shifted, 0, x.length, 3.5f);
        for (int i = 0; i < x.length; i++) {
            assertSameBits(FastMath.tanh(x[i]), t[i], "tanh", x[i]);
            assertSameBits(FastMath.sigmoid(x[i]), s[i], "sigmoid", x[i]);
            assertSameBits(FastMath.exp(x[i]), e[i], "exp", x[i]);
            assertSameBits(FastMath.exp(x[i] - 3.5f), shifted[i], "exp(x - 3.5)", x[i]);
        }
    }

    @Test
    void handlesEveryOffsetAndTailLengthWithoutTouchingNeighbours() {
        Random rnd = new Random(9);
        for (int off = 0; off < 5; off++) {
            for (int len = 0; len <= 70; len++) {
                float[] x = new float[off + len + 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (rnd.nextFloat() - 0.5f) * 20f;
                }
                float[] t = x.clone();
                vector.tanh(t, off, len);
                for (int i = 0; i < x.length; i++) {
                    float want = i >= off && i < off + len ? FastMath.tanh(x[i]) : x[i];
                    assertSameBits(want, t[i], "tanh off=" + off + " len=" + len, x[i]);
                }
            }
        }
    }

    @Test
    void withABiasEqualsTheScalarFunctionOfTheSumAtEveryOffsetAndTail() {
        Random rnd = new Random(11);
        for (int off = 0; off < 5; off++) {
            for (int len = 0; len <= 70; len++) {
                float[] x = new float[off + len + 3];
                float[] bias = new float[len];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (rnd.nextFloat() - 0.5f) * 20f;
                }
                for (int i = 0; i < len; i++) {
                    bias[i] = (rnd.nextFloat() - 0.5f) * 4f;
                }
                float[] t = x.clone(), s = x.clone();
                vector.tanhWithBias(t, off, len, bias);
                vector.sigmoidWithBias(s, off, len, bias);
                for (int i = 0; i < x.length; i++) {
                    boolean inside = i >= off && i < off + len;
                    float sum = inside ? x[i] + bias[i - off] : x[i];
                    assertSameBits(inside ? FastMath.tanh(sum) : x[i], t[i], "tanh+bias off=" + off + " len=" + len, x[i]);
                    assertSameBits(inside ? FastMath.sigmoid(sum) : x[i], s[i], "sigmoid+bias off=" + off + " len=" + len,
                            x[i]);
                }
            }
        }
    }

    @Test
    void addScalarCopiesEachValuePlusTheConstantAtEveryOffsetAndTailAndNothingElse() {
        Random rnd = new Random(12);
        for (int srcOff = 0; srcOff < 3; srcOff++) {
            for (int dstOff = 0; dstOff < 3; dstOff++) {
                for (int len = 0; len <= 70; len++) {
                    float[] src = new float[srcOff + len + 2];
                    for (int i = 0; i < src.length; i++) {
                        src[i] = i % 7 == 0 ? -0f : (rnd.nextFloat() - 0.5f) * 20f;
                    }
                    float c = len % 5 == 0 ? 0f : (rnd.nextFloat() - 0.5f) * 4f;
                    float[] dst = new float[dstOff + len + 2];
                    java.util.Arrays.fill(dst, 9f);
                    vector.addScalar(src, srcOff, c, dst, dstOff, len);
                    for (int i = 0; i < dst.length; i++) {
                        boolean inside = i >= dstOff && i < dstOff + len;
                        float expected = inside ? src[srcOff + i - dstOff] + c : 9f;
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dst[i]),
                                "srcOff=" + srcOff + " dstOff=" + dstOff + " len=" + len + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void isWithinOneMillionthOfTheExactFunctions() {
        float[] x = grid();
        float[] t = x.clone(), s = x.clone();
        vector.tanh(t, 0, x.length);
        vector.sigmoid(s, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                continue;
            }
            assertEquals(Math.tanh(x[i]), t[i], 1e-6, "tanh(" + x[i] + ")");
            assertEquals(1 / (1 + Math.exp(-x[i])), s[i], 1e-6, "sigmoid(" + x[i] + ")");
        }
    }

    /** [-100, 100] in steps of 1e-3, then 0, -0, ±inf, NaN, ±100, tiny and huge values. */
    private static float[] grid() {
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 100f, -100f,
                            1e-30f, -1e-30f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-7f, 0.0625f, -0.0625f, 9f, -9f,
                            88f, 88.5f, 88.72f, 88.73f, -87.3f, -87.4f, Float.MAX_VALUE, -Float.MAX_VALUE};
        int steps = 200_001;
        float[] x = new float[steps + specials.length];
        for (int i = 0; i < steps; i++) {
            x[i] = -100f + i * 1e-3f;
        }
        System.arraycopy(specials, 0, x, steps, specials.length);
        return x;
    }

    private static void assertSameBits(float expected, float actual, String what, float x) {
        boolean same = Float.isNaN(expected) ? Float.isNaN(actual)
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual);
        if (!same) {
            fail(what + "(" + x + "): vector " + actual + ", scalar " + expected);
        }
    }
}
