package org.drtp.optim;

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
    void update(float[] w, float[] g, float[][] state, long t) {
        float lrf = (float) lr;
        if (momentum == 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lrf * g[i];
            }
            return;
        }
        float[] buf = state[0];
        for (int i = 0; i < w.length; i++) {
            float b = t == 1 ? g[i] : momentum * buf[i] + g[i];
            buf[i] = b;
            w[i] -= lrf * (nesterov ? g[i] + momentum * b : b);
        }
    }
}
