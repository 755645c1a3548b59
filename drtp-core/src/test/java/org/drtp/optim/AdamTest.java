package org.drtp.optim;

import static org.drtp.optim.OptimizerReference.GRADS;
import static org.drtp.optim.OptimizerReference.assertTrajectory;
import static org.drtp.optim.OptimizerReference.g;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code torch.optim.Adam} semantics, computed by hand in double precision. */
class AdamTest {

    /**
     * PyTorch's Adam: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
     * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    private static double[][] reference(double lr, double b1, double b2, double eps) {
        double[][] expected = new double[GRADS.length][];
        double[] w = OptimizerReference.start();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            for (int i = 0; i < w.length; i++) {
                double gi = g(s, i);
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                w[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
            expected[s] = w.clone();
        }
        return expected;
    }

    @Test
    void defaultAdamMatchesPyTorchWithBiasCorrection() {
        double[][] expected = reference(0.01, 0.9, 0.999, 1e-8);
        // First step, bias-corrected: m_hat = g and v_hat = g^2, so w moves by lr * sign(g) (up to eps).
        assertEquals(0.5 - 0.01, expected[0][0], 1e-9);
        assertEquals(-1.25 + 0.01, expected[0][1], 1e-9);
        assertTrajectory(expected, OptimizerReference.run(new Adam(0.01)));
        assertTrajectory(expected, OptimizerReference.run(Optimizers.create("adam", 0.01)));
    }

    @Test
    void epsIsAddedAfterTheSquareRoot() {
        double[][] expected = reference(0.01, 0.9, 0.999, 1e-8);
        // Weight 2 has gradients ~1e-8, comparable to eps: the first step is lr * g / (|g| + eps) = lr / 2.
        // (eps inside the square root would move it by ~1e-6 instead.)
        assertEquals(2.0 - 0.005, expected[0][2], 1e-8);
        assertTrajectory(expected, OptimizerReference.run(new Adam(0.01)));
    }

    @Test
    void nonDefaultHyperparametersFollowTheSameRule() {
        assertTrajectory(reference(0.05, 0.8, 0.99, 1e-6), OptimizerReference.run(new Adam(0.05, 0.8, 0.99, 1e-6)));
        assertTrajectory(reference(0.05, 0.0, 0.5, 1e-3), OptimizerReference.run(new Adam(0.05, 0.0, 0.5, 1e-3)));
    }

    @Test
    void badHyperparametersAreRejectedWithAMessage() {
        for (double b : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01, b, 0.999, 1e-8));
            assertTrue(e1.getMessage().contains("betas"), e1.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01, 0.9, b, 1e-8));
            assertTrue(e2.getMessage().contains("betas"), e2.getMessage());
        }
        for (double eps : new double[] {0, -1e-8, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01, 0.9, 0.999, eps));
            assertTrue(e.getMessage().contains("eps"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam(-0.01));
    }
}
