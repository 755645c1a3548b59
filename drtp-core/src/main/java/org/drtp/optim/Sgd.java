package org.drtp.optim;

import org.drtp.settings.InvalidSettingException;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD}: plain ({@code w -= lr g}), with heavy-ball
 * momentum ({@code buf = mu buf + g}, first step {@code buf = g}; {@code w -= lr buf}), or Nesterov
 * ({@code w -= lr (g + mu buf)}). The reference's "SGD" is momentum 0.9, its "NAG" Nesterov 0.9.
 */
public final class Sgd extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;
    /** Whether this is the parameter's first step (the momentum buffer starts as the gradient itself). */
    private boolean first;

    public Sgd(double lr, double momentum, boolean nesterov) {
        super(lr, momentum == 0 ? new String[0] : new String[] {"momentum_buffer"});
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidSettingException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new InvalidSettingException("Nesterov momentum needs a momentum > 0");
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
    void beginStep(long t) {
        first = t == 1;
    }

    @Override
    void updateRange(float[] w, float[] g, float[][] state, int from, int to) {
        if (momentum == 0) {
            kernels.sgd(w, g, from, to, (float) lr);
        } else {
            kernels.momentum(w, g, state[0], from, to, (float) lr, momentum, nesterov, first);
        }
    }
}
