package org.drtp.optim;

import static org.drtp.optim.OptimizerReference.GRADS;
import static org.drtp.optim.OptimizerReference.assertTrajectory;
import static org.drtp.optim.OptimizerReference.g;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code torch.optim.RMSprop} semantics (no momentum, not centred), computed by hand in double precision. */
class RmsPropTest {

    /** s = alpha s + (1-alpha) g^2; w -= lr g / (sqrt(s) + eps). */
    private static double[][] reference(double lr, double alpha, double eps) {
        double[][] expected = new double[GRADS.length][];
        double[] w = OptimizerReference.start();
        double[] sq = new double[w.length];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < w.length; i++) {
                double gi = g(s, i);
                sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                w[i] -= lr * gi / (Math.sqrt(sq[i]) + eps);
            }
            expected[s] = w.clone();
        }
        return expected;
    }

    @Test
    void defaultRmsPropMatchesPyTorch() {
        double[][] expected = reference(0.01, 0.99, 1e-8);
        // First step without bias correction: w moves by lr * g / (0.1 |g|) = 10 lr sign(g).
        assertEquals(0.5 - 0.1, expected[0][0], 1e-6);
        assertTrajectory(expected, OptimizerReference.run(new RmsProp(0.01)));
        assertTrajectory(expected, OptimizerReference.run(Optimizers.create("rmsprop", 0.01)));
    }

    @Test
    void epsIsAddedAfterTheSquareRoot() {
        double[][] expected = reference(0.01, 0.99, 1e-8);
        // Weight 2, step 1: sqrt(s) = 1e-9, so the step is lr * 1e-8 / 1.1e-8.
        assertEquals(2.0 - 0.01 / 1.1, expected[0][2], 1e-6);
        assertTrajectory(expected, OptimizerReference.run(new RmsProp(0.01)));
    }

    @Test
    void otherAlphaAndEpsFollowTheSameRule() {
        assertTrajectory(reference(0.003, 0.9, 1e-4), OptimizerReference.run(new RmsProp(0.003, 0.9, 1e-4)));
    }

    @Test
    void badHyperparametersAreRejectedWithAMessage() {
        for (double a : new double[] {-0.5, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, a, 1e-8));
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 0.99, 0));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
    }
}
