package org.drtp.optim;

import org.drtp.tensor.ParallelRange;
import org.drtp.tensor.UpdateKernels;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD}: plain ({@code w -= lr g}), with heavy-ball
 * momentum ({@code buf = mu buf + g}, first step {@code buf = g}; {@code w -= lr buf}), or Nesterov
 * ({@code w -= lr (g + mu buf)}). The reference's "SGD" is momentum 0.9, its "NAG" Nesterov 0.9.
 */
public final class Sgd extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;

    public Sgd(double lr, double momentum, boolean nesterov) {
        super(lr, momentum == 0 ? new String[0] : new String[] {"momentum_buffer"});
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    public String id() {
        return momentum == 0 ? "sgd" : nesterov ? "nag" : "momentum";
    }

    @Override
    public float directUpdateScale() {
        return momentum == 0 ? (float) -lr : Float.NaN;
    }

    @Override
    void update(float[] w, float[] g, float[][] state, long t) {
        task.w = w;
        task.g = g;
        task.buf = momentum == 0 ? null : state[0];
        task.first = t == 1;
        task.execute(w.length);
    }

    private final Task task = new Task();

    /** One update, split over the kernel threads; reused so that a step allocates nothing. */
    private final class Task extends ParallelRange {
        private final UpdateKernels kernels = UpdateKernels.get();
        float[] w;
        float[] g;
        float[] buf;
        boolean first;

        @Override
        protected void range(int from, int to) {
            if (buf == null) {
                kernels.sgd(w, g, from, to, (float) lr);
            } else {
                kernels.momentum(w, g, buf, from, to, (float) lr, momentum, nesterov, first);
            }
        }
    }
}
