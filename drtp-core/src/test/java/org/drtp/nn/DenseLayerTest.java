package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.random.Rng;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

class DenseLayerTest {

    private static DenseLayer layer(Activation act, float dropout) {
        DenseLayer l = new DenseLayer("l", Shape.vector(5), 3, act, dropout);
        Initializers.pytorchDefault(l.parameters(), new Rng(1));
        return l;
    }

    private static float[] input(int n) {
        Rng r = new Rng(2);
        float[] x = new float[n * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    @Test
    void forwardIsXTimesWTransposedPlusBiasThroughTheActivation() {
        DenseLayer l = layer(Activation.TANH, 0);
        float[] x = input(4);
        float[] y = new float[4 * 3];
        l.forward(x, y, 4, new Workspace(l.workspaceSizes(4)), Pass.INFERENCE);
        float[] w = l.weight().value();
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 3; o++) {
                double s = l.bias().value()[o];
                for (int j = 0; j < 5; j++) {
                    s += (double) x[i * 5 + j] * w[o * 5 + j];
                }
                assertEquals(Math.tanh(s), y[i * 3 + o], 1e-6);
            }
        }
    }

    @Test
    void gradientsAreSumsOverTheBatch() {
        DenseLayer l = layer(Activation.NONE, 0);
        float[] x = input(2);
        float[] dz = {1, 2, 3, -1, 0.5f, 0};
        l.parameterGradients(x, dz, 2, new Workspace(l.workspaceSizes(2)));
        for (int o = 0; o < 3; o++) {
            assertEquals(dz[o] + dz[3 + o], l.bias().grad()[o], 1e-6);
            for (int j = 0; j < 5; j++) {
                assertEquals(dz[o] * x[j] + dz[3 + o] * x[5 + j], l.weight().grad()[o * 5 + j], 1e-5);
            }
        }
        float[] m = new float[15];
        for (int i = 0; i < 15; i++) {
            m[i] = i - 7;
        }
        float[] dx = new float[10];
        l.inputGradient(dz, m, dx, 2, new Workspace(l.workspaceSizes(2)));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                double s = 0;
                for (int o = 0; o < 3; o++) {
                    s += dz[i * 3 + o] * m[o * 5 + j];
                }
                assertEquals(s, dx[i * 5 + j], 1e-5);
            }
        }
    }

    @Test
    void dropoutZeroesInputsAtRateAndRescalesTheRestOnlyWhenTraining() {
        DenseLayer l = new DenseLayer("l", Shape.vector(1000), 1, Activation.NONE, 0.25f);
        java.util.Arrays.fill(l.weight().value(), 1f);
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 1f);
        Workspace ws = new Workspace(l.workspaceSizes(1));
        float[] y = new float[1];
        l.forward(x, y, 1, ws, Pass.training(new Rng(9)));
        float[] mask = ws.slot(0);
        int zeros = 0;
        for (float m : mask) {
            assertTrue(m == 0f || Math.abs(m - 1f / 0.75f) < 1e-6, "mask value " + m);
            zeros += m == 0f ? 1 : 0;
        }
        assertTrue(zeros > 200 && zeros < 300, "about 25% dropped, got " + zeros);
        assertEquals((1000 - zeros) / 0.75, y[0] - l.bias().value()[0], 1e-2);
        float[] dx = new float[1000];
        l.inputGradient(new float[] {1f}, l.weight().value(), dx, 1, ws);
        for (int i = 0; i < 1000; i++) {
            assertEquals(mask[i], dx[i], 1e-6, "input gradient passes through the same mask");
        }
        l.forward(x, y, 1, ws, Pass.INFERENCE);
        assertEquals(1000 + l.bias().value()[0], y[0], 1e-2, "no dropout at inference");
    }

    @Test
    void defaultInitialisationIsUniformWithinOneOverSqrtFanIn() {
        DenseLayer l = new DenseLayer("l", Shape.vector(400), 300, Activation.TANH, 0);
        Initializers.pytorchDefault(l.parameters(), new Rng(5));
        double bound = 1 / Math.sqrt(400);
        double max = 0;
        for (float v : l.weight().value()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound && max > 0.99 * bound, "max |w| " + max + " vs bound " + bound);
        assertArrayEquals(new int[] {300, 400}, l.weight().shape());
    }

    @Test
    void rejectsImpossibleDropout() {
        assertThrows(IllegalArgumentException.class, () -> new DenseLayer("l", Shape.vector(5), 3, Activation.TANH, 1f));
        assertThrows(IllegalArgumentException.class, () -> new DenseLayer("l", Shape.vector(5), 3, Activation.TANH, -0.1f));
    }

    /** An inference pass draws nothing even with dropout; a training pass draws from its own generator only. */
    @Test
    void thePassDecidesWhetherDropoutDraws() {
        DenseLayer l = new DenseLayer("l", Shape.vector(50), 2, Activation.TANH, 0.5f);
        Workspace ws = new Workspace(l.workspaceSizes(1));
        float[] x = new float[50];
        java.util.Arrays.fill(x, 1f);
        Rng g = new Rng(4);
        long[] before = g.state();
        l.forward(x, new float[2], 1, ws, Pass.INFERENCE);
        assertArrayEquals(before, g.state());
        l.forward(x, new float[2], 1, ws, Pass.training(g));
        assertFalse(java.util.Arrays.equals(before, g.state()), "50 mask draws");
        assertThrows(IllegalStateException.class, Pass.INFERENCE::generator);
        assertThrows(NullPointerException.class, () -> Pass.training(null));
    }
}
