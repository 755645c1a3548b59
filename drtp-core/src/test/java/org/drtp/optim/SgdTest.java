package org.drtp.optim;

import static org.drtp.optim.OptimizerReference.GRADS;
import static org.drtp.optim.OptimizerReference.assertTrajectory;
import static org.drtp.optim.OptimizerReference.g;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code torch.optim.SGD} semantics, computed by hand in double precision. */
class SgdTest {

    private static final double LR = 0.1;

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        double[][] expected = new double[GRADS.length][];
        double[] w = OptimizerReference.start();
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= LR * g(s, i);
            }
            expected[s] = w.clone();
        }
        // By hand for weight 0: 0.5 - 0.1 (0.3 - 0.1 + 0.7 + 0.05) = 0.405.
        assertEquals(0.405, expected[3][0], 1e-7);
        assertTrajectory(expected, OptimizerReference.run(new Sgd(LR, 0, false)));
        assertTrajectory(expected, OptimizerReference.run(Optimizers.create("sgd", LR)));
    }

    /** PyTorch: first step buf = g; then buf = mu buf + g; Nesterov uses g + mu buf; w -= lr * that. */
    private static double[][] momentumReference(double mu, boolean nesterov) {
        double[][] expected = new double[GRADS.length][];
        double[] w = OptimizerReference.start();
        double[] buf = new double[w.length];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < w.length; i++) {
                buf[i] = s == 0 ? g(s, i) : mu * buf[i] + g(s, i);
                double d = nesterov ? g(s, i) + mu * buf[i] : buf[i];
                w[i] -= LR * d;
            }
            expected[s] = w.clone();
        }
        return expected;
    }

    @Test
    void momentumStartsItsBufferAtTheFirstGradient() {
        double[][] expected = momentumReference(0.9, false);
        // By hand, weight 0: buf 0.3, -0.1 + 0.27 = 0.17; w = 0.5 - 0.03 - 0.017 = 0.453.
        assertEquals(0.453, expected[1][0], 1e-7);
        assertTrajectory(expected, OptimizerReference.run(new Sgd(LR, 0.9, false)));
        assertTrajectory(expected, OptimizerReference.run(Optimizers.create("momentum", LR)));
    }

    @Test
    void nesterovLooksAheadAlongTheUpdatedBuffer() {
        double[][] expected = momentumReference(0.9, true);
        // By hand, weight 0, step 1: buf = 0.3, d = 0.3 + 0.27 = 0.57, w = 0.5 - 0.057 = 0.443.
        assertEquals(0.443, expected[0][0], 1e-7);
        assertTrajectory(expected, OptimizerReference.run(new Sgd(LR, 0.9, true)));
        assertTrajectory(expected, OptimizerReference.run(Optimizers.create("nag", LR)));
    }

    @Test
    void otherMomentumValuesFollowTheSameRule() {
        assertTrajectory(momentumReference(0.5, false), OptimizerReference.run(new Sgd(LR, 0.5, false)));
        assertTrajectory(momentumReference(0.5, true), OptimizerReference.run(new Sgd(LR, 0.5, true)));
    }

    @Test
    void badMomentumIsRejectedWithAMessage() {
        for (double mu : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(LR, mu, false));
            assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(LR, 0, true));
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0, 0.9, false));
    }
}
