package org.drtp.optim;

import org.drtp.settings.InvalidSettingException;

/**
 * RMSprop as {@code torch.optim.RMSprop} with its defaults (alpha 0.99, eps 1e-8, no momentum, not
 * centred): {@code s = alpha s + (1-alpha) g^2}, {@code w -= lr g / (sqrt(s) + eps)}.
 */
public final class RmsProp extends StatefulOptimizer {

    private final float alpha;
    private final float eps;

    public RmsProp(double lr) {
        this(lr, 0.99, 1e-8);
    }

    public RmsProp(double lr, double alpha, double eps) {
        super(lr, "square_avg");
        if (!(alpha >= 0 && alpha < 1)) {
            throw new InvalidSettingException("RMSprop alpha must be in [0, 1), got " + alpha);
        }
        if (!(eps > 0)) {
            throw new InvalidSettingException("RMSprop eps must be positive, got " + eps);
        }
        this.alpha = (float) alpha;
        this.eps = (float) eps;
    }

    @Override
    public String id() {
        return "rmsprop";
    }

    @Override
    void updateRange(float[] w, float[] g, float[][] state, int from, int to) {
        kernels.rmsprop(w, g, state[0], from, to, alpha, (float) lr, eps);
    }
}
