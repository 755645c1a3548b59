package org.drtp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.drtp.nn.Parameter;

/**
 * Test helpers: run an optimizer on one small parameter through a fixed gradient sequence, and compare
 * with a hand-written double-precision transcription of the PyTorch update.
 */
final class OptimizerReference {

    /** Starting weights and four steps of varying gradients (sign changes, a tiny and a zero component). */
    static final double[] W0 = {0.5, -1.25, 2.0, 0.75};
    static final double[][] GRADS = {
        {0.3, -0.8, 1e-8, 0.0},
        {-0.1, -0.5, 2e-8, 0.2},
        {0.7, 0.25, -1e-8, 0.0},
        {0.05, -1.5, 3e-8, -0.4},
    };

    private OptimizerReference() {
    }

    /** The weights after each step, as the implementation computes them. */
    static double[][] run(Optimizer opt) {
        Parameter p = new Parameter("w", W0.length);
        for (int i = 0; i < W0.length; i++) {
            p.value()[i] = (float) W0[i];
        }
        opt.init(List.of(p));
        double[][] out = new double[GRADS.length][W0.length];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < W0.length; i++) {
                p.grad()[i] = (float) GRADS[s][i];
            }
            opt.step(p);
            for (int i = 0; i < W0.length; i++) {
                out[s][i] = p.value()[i];
            }
        }
        return out;
    }

    /** The gradient as the implementation sees it (rounded to float). */
    static double g(int step, int i) {
        return (float) GRADS[step][i];
    }

    static double[] start() {
        double[] w = new double[W0.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) W0[i];
        }
        return w;
    }

    static void assertTrajectory(double[][] expected, double[][] actual) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < expected[s].length; i++) {
                double e = expected[s][i];
                assertEquals(e, actual[s][i], 1e-6 * Math.max(1.0, Math.abs(e)), "step " + (s + 1) + ", weight " + i);
            }
        }
    }
}
