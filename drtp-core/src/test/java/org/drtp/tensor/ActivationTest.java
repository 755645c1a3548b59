package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.drtp.testing.KernelThreads;
import org.junit.jupiter.api.Test;

/** {@link Activation}: the functions go through {@link FastMath}, derivatives are taken from the output. */
class ActivationTest {

    private static final float[] Z = {-30f, -2f, -0.5f, -0f, 0f, 0.25f, 1f, 4f, 30f};

    @Test
    void appliesTheFunctionInPlaceInsideTheRange() {
        for (Activation f : Activation.values()) {
            float[] y = new float[Z.length + 2];
            System.arraycopy(Z, 0, y, 1, Z.length);
            f.apply(y, 1, Z.length);
            assertEquals(0f, y[0]);
            assertEquals(0f, y[y.length - 1]);
            for (int i = 0; i < Z.length; i++) {
                float expected = switch (f) {
                    case TANH -> FastMath.tanh(Z[i]);
                    case SIGMOID -> FastMath.sigmoid(Z[i]);
                    case RELU -> Math.max(Z[i], 0f);
                    case NONE -> Z[i];
                };
                assertEquals(expected, y[i + 1], f + " at " + Z[i]);
            }
        }
    }

    @Test
    void derivativesAreTakenFromTheOutput() {
        for (Activation f : Activation.values()) {
            float[] y = Z.clone();
            f.apply(y, 0, y.length);
            float[] grad = new float[y.length];
            java.util.Arrays.fill(grad, 2f);
            f.multiplyDerivative(y, 0, grad, 0, y.length);
            float[] expected = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                float d = switch (f) {
                    case TANH -> 1f - y[i] * y[i];
                    case SIGMOID -> y[i] * (1f - y[i]);
                    case RELU -> y[i] > 0f ? 1f : 0f;
                    case NONE -> 1f;
                };
                expected[i] = 2f * d;
            }
            assertArrayEquals(expected, grad, f.id());
        }
    }

    @Test
    void derivativeOnTheThreadsGivesTheBitsOfTheSingleLoop() {
        int len = 300_001; // several parts of the pool, an odd end
        KernelThreads.with(4, () -> {
            for (Activation f : Activation.values()) {
                float[] y = new float[len];
                float[] g = new float[len];
                for (int i = 0; i < len; i++) {
                    y[i] = (float) Math.sin(i * 0.37);
                    g[i] = (float) Math.cos(i * 0.11);
                }
                float[] expected = g.clone();
                f.multiplyDerivative(y, 0, expected, 0, len);
                f.multiplyDerivativeOnThreads(y, g, len);
                assertArrayEquals(expected, g, f.id());
            }
        });
    }

    @Test
    void biasAndActivationOnTheThreadsGiveTheBitsOfTheSingleLoop() {
        // several parts, rows that do not divide evenly; narrow rows (bias added first) and wide ones (the bias inside
        // the activation's vector loop), on both sides of the switch, with a vector tail in each row
        int rows = 61;
        for (int cols : new int[] {10, 63, 64, 1003}) {
            float[] bias = new float[cols];
            for (int j = 0; j < cols; j++) {
                bias[j] = (float) Math.sin(j * 0.7) * 2;
            }
            for (Activation f : Activation.values()) {
                float[] y = new float[rows * cols];
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) Math.cos(i * 0.013) * 3;
                }
                float[] expected = y.clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += bias[i % cols];
                }
                f.apply(expected, 0, expected.length);
                KernelThreads.with(4, () -> f.applyWithBias(y, rows, bias));
                assertArrayEquals(expected, y, f.id() + ", rows of " + cols);
            }
        }
    }

    @Test
    void parsesIdsCaseInsensitively() {
        assertEquals(Activation.TANH, Activation.fromId(" TanH "));
        assertEquals(Activation.NONE, Activation.fromId("none"));
        assertThrows(IllegalArgumentException.class, () -> Activation.fromId("gelu"));
        assertThrows(IllegalArgumentException.class, () -> Activation.fromId(null));
    }
}
