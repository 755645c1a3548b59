package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FastMath} against {@code Math} (double precision, the exact reference): the scalar functions on
 * dense grids, over the whole float range and at special values; the array methods (whichever kernels
 * {@link Kernels} chose) on the same grid, with offsets.
 */
class FastMathTest {

    /** Error bounds asserted: tighter than the 1e-6 the library promises, as measured. */
    private static final double TANH_SIGMOID_ABS = 1.5e-7;
    private static final double EXP_REL = 1.5e-7;

    @Test
    void expIsWithinRelativeBoundOverItsRange() {
        for (float x = -87.33f; x <= 88.72f; x += 1e-3f) {
            assertRelative(Math.exp(x), FastMath.exp(x), x);
        }
        for (int bits = 0; bits < 0x42B17218; bits += 1013) { // positive floats below 88.72, and their negatives
            float x = Float.intBitsToFloat(bits);
            assertRelative(Math.exp(x), FastMath.exp(x), x);
            if (-x >= -87.336f) {
                assertRelative(Math.exp(-x), FastMath.exp(-x), -x);
            }
        }
    }

    @Test
    void expSpecialValues() {
        assertEquals(1f, FastMath.exp(0f));
        assertEquals(1f, FastMath.exp(-0f));
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(89f));
        assertEquals(0f, FastMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FastMath.exp(-100f));
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
        assertRelative(Math.exp(88.72f), FastMath.exp(88.72f), 88.72f);
        assertRelative(Math.exp(-87.3f), FastMath.exp(-87.3f), -87.3f);
    }

    @Test
    void tanhIsWithinAbsoluteBoundOnADenseGridAndTheWholeRange() {
        for (float x = -12f; x <= 12f; x += 1e-4f) {
            assertAbsolute(Math.tanh(x), FastMath.tanh(x), x);
        }
        for (int bits = 0; bits < 0x7F800000; bits += 4099) {
            float x = Float.intBitsToFloat(bits);
            assertAbsolute(Math.tanh(x), FastMath.tanh(x), x);
            assertAbsolute(Math.tanh(-x), FastMath.tanh(-x), -x);
        }
    }

    @Test
    void tanhSpecialValuesAndTinyArguments() {
        assertEquals(0f, FastMath.tanh(0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FastMath.tanh(-0f)));
        assertEquals(1f, FastMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FastMath.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FastMath.tanh(100f));
        assertEquals(-1f, FastMath.tanh(-100f));
        assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
        // Tiny arguments keep their relative accuracy (tanh x = x - x^3/3 ...).
        for (float x : new float[] {1e-30f, -1e-20f, 1e-10f, -1e-5f, 3e-3f, Float.MIN_VALUE, Float.MIN_NORMAL}) {
            double exact = Math.tanh(x);
            assertTrue(Math.abs(FastMath.tanh(x) - exact) <= 1e-6 * Math.abs(exact), "tanh(" + x + ")");
        }
    }

    @Test
    void sigmoidIsWithinAbsoluteBoundAndSaturatesCleanly() {
        for (float x = -110f; x <= 110f; x += 1e-3f) {
            assertAbsolute(sigmoid(x), FastMath.sigmoid(x), x);
        }
        assertEquals(0.5f, FastMath.sigmoid(0f));
        assertEquals(1f, FastMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(1f, FastMath.sigmoid(100f));
        assertTrue(FastMath.sigmoid(Float.NEGATIVE_INFINITY) >= 0f && FastMath.sigmoid(Float.NEGATIVE_INFINITY) < 1e-37f);
        assertTrue(FastMath.sigmoid(-100f) >= 0f && FastMath.sigmoid(-100f) < 1e-37f);
        assertTrue(Float.isNaN(FastMath.sigmoid(Float.NaN)));
    }

    @Test
    void arrayMethodsApplyTheFunctionOnlyInsideTheRange() {
        Random rnd = new Random(2);
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rnd.nextFloat() - 0.5f) * 40f;
        }
        float[] t = x.clone(), s = x.clone(), e = x.clone();
        FastMath.tanh(t, 3, 997);
        FastMath.sigmoid(s, 3, 997);
        FastMath.exp(e, 3, 997);
        for (int i = 0; i < x.length; i++) {
            boolean inside = i >= 3 && i < 1000;
            assertEquals(inside ? FastMath.tanh(x[i]) : x[i], t[i], "tanh at " + i);
            assertEquals(inside ? FastMath.sigmoid(x[i]) : x[i], s[i], "sigmoid at " + i);
            assertEquals(inside ? FastMath.exp(x[i]) : x[i], e[i], "exp at " + i);
        }
    }

    @Test
    void scalarLoopsMatchTheScalarFunctions() {
        float[] x = {-20f, -1f, -0.01f, 0f, 0.5f, 3f, 90f, Float.NaN};
        float[] t = x.clone(), s = x.clone(), e = x.clone();
        FastMath.tanhScalar(t, 0, x.length);
        FastMath.sigmoidScalar(s, 0, x.length);
        FastMath.expScalar(e, 0, x.length, 0f);
        for (int i = 0; i < x.length; i++) {
            assertEquals(FastMath.tanh(x[i]), t[i]);
            assertEquals(FastMath.sigmoid(x[i]), s[i]);
            assertEquals(FastMath.exp(x[i]), e[i]);
        }
    }

    @Test
    void softmaxRowsMatchTheExactSoftmaxAndNeverOverflow() {
        Random rnd = new Random(4);
        int rows = 7, cols = 37;
        float[] a = new float[2 + rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (rnd.nextFloat() - 0.5f) * 30f;
        }
        float[] y = a.clone();
        FastMath.softmaxRows(y, 2, rows, cols);
        for (int r = 0; r < rows; r++) {
            int base = 2 + r * cols;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, a[base + j]);
            }
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(a[base + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                assertEquals(Math.exp(a[base + j] - max) / sum, y[base + j], 1e-6);
            }
        }
        assertEquals(a[0], y[0]);
        float[] big = {1000f, 1000f, 0f, -1000f};
        FastMath.softmaxRows(big, 0, 1, 4);
        assertEquals(0.5f, big[0], 1e-7);
        assertEquals(0.5f, big[1], 1e-7);
        assertEquals(0f, big[2], 1e-30);
        assertEquals(0f, big[3]);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void assertAbsolute(double exact, float actual, float x) {
        if (!(Math.abs(actual - exact) <= TANH_SIGMOID_ABS)) {
            throw new AssertionError("at x = " + x + ": " + actual + " vs exact " + exact);
        }
    }

    private static void assertRelative(double exact, float actual, float x) {
        if (!(Math.abs(actual - exact) <= EXP_REL * exact)) {
            throw new AssertionError("exp(" + x + ") = " + actual + " vs exact " + exact);
        }
    }
}
