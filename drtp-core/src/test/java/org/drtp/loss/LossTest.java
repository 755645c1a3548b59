package org.drtp.loss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.tensor.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossTest {

    // ---------------------------------------------------------------- values, by hand

    @Test
    void bceIsTheMeanOverAllOutputsOfTheBinaryCrossEntropy() {
        float[] y = {0.8f, 0.1f, 0.6f, 0.3f, 0.9f, 0.5f};
        float[] t = {1, 0, 0, 0, 1, 0};
        // -(ln .8 + ln .9 + ln .4) - (ln .7 + ln .9 + ln .5)
        assertEquals(2.399977439, Loss.BCE.sum(y, t, 2, 3), 1e-6);
        assertEquals(2.399977439 / 6, Loss.BCE.mean(y, t, 2, 3), 1e-6);
        assertEquals(1.244794799, Loss.BCE.sum(y, t, 1, 3), 1e-6); // first example alone
    }

    @Test
    void bceClampsItsLogsAtMinus100AsPyTorch() {
        float[] y = {0f, 1f, 1f, 0f};
        float[] t = {1, 1, 0, 0};
        // Wrong-and-certain costs 100 each; right-and-certain costs 0 (no NaN from 0 * log 0).
        assertEquals(200.0, Loss.BCE.sum(y, t, 1, 4), 1e-9);
        assertEquals(50.0, Loss.BCE.mean(y, t, 1, 4), 1e-9);
    }

    @Test
    void ceIsTheMeanOverExamplesOfMinusLogSoftmaxAtTheLabel() {
        float[] y = {1f, 2f, 0.5f, -1f, 0f, 3f};
        float[] t = {0, 1, 0, 1, 0, 0};
        // logsumexp(1, 2, .5) - 2 = 0.46436878; logsumexp(-1, 0, 3) + 1 = 4.06588390
        assertEquals(4.530252688, Loss.CE.sum(y, t, 2, 3), 1e-5);
        assertEquals(4.530252688 / 2, Loss.CE.mean(y, t, 2, 3), 1e-5);
    }

    @Test
    void ceIsShiftInvariantAndStableForLargeLogits() {
        float[] y = {1001f, 1002f, 1000.5f};
        float[] t = {0, 1, 0};
        assertEquals(0.464368784, Loss.CE.sum(y, t, 1, 3), 1e-4);
    }

    @Test
    void mseIsTheMeanOverAllOutputsOfTheSquaredError() {
        float[] y = {0.5f, -1f, 2f, 0f, 1f, 0.25f};
        float[] t = {1, 0, 0, 0, 1, 0};
        assertEquals(5.3125, Loss.MSE.sum(y, t, 2, 3), 1e-9);
        assertEquals(5.3125 / 6, Loss.MSE.mean(y, t, 2, 3), 1e-9);
    }

    // ---------------------------------------------------------------- gradients, against finite differences

    private static final int N = 3;
    private static final int C = 4;
    /** Pre-activations of the output layer (varied signs and sizes, none saturating). */
    private static final double[] Z = {0.3, -1.2, 2.1, 0.05, -0.4, 0.9, -2.5, 1.4, 1.1, 0.2, -0.7, -1.6};
    private static final float[] ONE_HOT = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1};

    /** The output activation computed in double, independently of the library's fast kernels. */
    private static double activate(Activation a, double z) {
        return switch (a) {
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case NONE -> z;
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    private static float[] outputs(Activation a, double[] z) {
        float[] y = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = (float) activate(a, z[i]);
        }
        return y;
    }

    /** Targets suited to the loss: one-hot for BCE and CE, arbitrary real targets for MSE. */
    private static float[] targets(Loss loss) {
        if (loss != Loss.MSE) {
            return ONE_HOT.clone();
        }
        return new float[] {0.5f, -0.25f, 1f, 0f, 0.1f, 0.9f, -1f, 0.3f, 2f, 0f, -0.5f, 0.75f};
    }

    @ParameterizedTest(name = "{0} with {1} outputs")
    @CsvSource({"BCE, SIGMOID", "CE, NONE", "CE, SIGMOID", "CE, TANH", "MSE, NONE", "MSE, SIGMOID", "MSE, TANH"})
    void outputGradientMatchesCentralDifferencesOfTheMeanLossInZ(Loss loss, Activation act) {
        float[] t = targets(loss);
        float[] y = outputs(act, Z);
        float[] dz = new float[N * C];
        loss.outputGradient(y, t, N, C, act, dz);

        double h = 1e-2;
        double maxAbs = 0;
        double[] fd = new double[N * C];
        for (int i = 0; i < N * C; i++) {
            double[] zp = Z.clone();
            double[] zm = Z.clone();
            zp[i] += h;
            zm[i] -= h;
            fd[i] = (loss.mean(outputs(act, zp), t, N, C) - loss.mean(outputs(act, zm), t, N, C)) / (2 * h);
            maxAbs = Math.max(maxAbs, Math.abs(fd[i]));
        }
        assertTrue(maxAbs > 1e-3, "degenerate test: all gradients ~0");
        for (int i = 0; i < N * C; i++) {
            assertEquals(fd[i], dz[i], 1e-3 * maxAbs + 1e-3 * Math.abs(fd[i]), "dL/dz[" + i + "]");
        }
    }

    @Test
    void bceWithSigmoidGivesTheClosedFormDifferenceOverNC() {
        float[] y = outputs(Activation.SIGMOID, Z);
        float[] dz = new float[N * C];
        Loss.BCE.outputGradient(y, ONE_HOT, N, C, Activation.SIGMOID, dz);
        for (int i = 0; i < N * C; i++) {
            assertEquals((y[i] - ONE_HOT[i]) / (double) (N * C), dz[i], 1e-7, "dz[" + i + "]");
        }
    }

    @Test
    void ceOnLogitsGivesSoftmaxMinusTargetOverN() {
        float[] y = outputs(Activation.NONE, Z);
        float[] dz = new float[N * C];
        Loss.CE.outputGradient(y, ONE_HOT, N, C, Activation.NONE, dz);
        for (int r = 0; r < N; r++) {
            double sum = 0;
            for (int j = 0; j < C; j++) {
                sum += Math.exp(Z[r * C + j]);
            }
            double rowSum = 0;
            for (int j = 0; j < C; j++) {
                double p = Math.exp(Z[r * C + j]) / sum;
                assertEquals((p - ONE_HOT[r * C + j]) / N, dz[r * C + j], 1e-6);
                rowSum += dz[r * C + j];
            }
            assertEquals(0, rowSum, 1e-6); // softmax gradients sum to zero per row
        }
    }

    @Test
    void saturatedBceGradientStaysFinite() {
        float[] y = {1f, 0f, 1f, 0f};
        float[] t = {0, 1, 1, 0};
        float[] dz = new float[4];
        Loss.BCE.outputGradient(y, t, 1, 4, Activation.SIGMOID, dz);
        for (float v : dz) {
            assertTrue(Float.isFinite(v), "dz " + v);
        }
        assertTrue(Double.isFinite(Loss.BCE.mean(y, t, 1, 4)));
    }

    // ---------------------------------------------------------------- ids and compatibility

    @Test
    void bceRejectsOutputActivationsOtherThanSigmoid() {
        for (Activation a : new Activation[] {Activation.NONE, Activation.TANH, Activation.RELU}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Loss.BCE.checkOutputActivation(a), a.id());
            assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
            assertTrue(e.getMessage().contains(a.id()), e.getMessage());
        }
        assertDoesNotThrow(() -> Loss.BCE.checkOutputActivation(Activation.SIGMOID));
    }

    @Test
    void ceAndMseAcceptAnyOutputActivation() {
        for (Activation a : Activation.values()) {
            assertDoesNotThrow(() -> Loss.CE.checkOutputActivation(a));
            assertDoesNotThrow(() -> Loss.MSE.checkOutputActivation(a));
        }
    }

    @Test
    void idsParseCaseInsensitivelyAndUnknownOnesAreRejected() {
        assertSame(Loss.BCE, Loss.fromId("bce"));
        assertSame(Loss.CE, Loss.fromId(" CE "));
        assertSame(Loss.MSE, Loss.fromId("Mse"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.fromId("hinge"));
        assertTrue(e.getMessage().contains("hinge") && e.getMessage().contains("bce, ce, mse"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.fromId(null));
        for (Loss l : Loss.values()) {
            assertSame(l, Loss.fromId(l.id()));
        }
    }
}
