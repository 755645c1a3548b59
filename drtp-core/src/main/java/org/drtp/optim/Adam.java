package org.drtp.optim;

import org.drtp.settings.InvalidSettingException;

/**
 * Adam as {@code torch.optim.Adam} (Kingma and Ba 2015): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}, with
 * b1 0.9, b2 0.999, eps 1e-8 added after the square root.
 */
public final class Adam extends StatefulOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    /** This step's bias-corrected step size and 1/sqrt(1 - b2^t), set by {@link #beginStep}. */
    private float stepSize;
    private float invSqrtBc2;

    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    public Adam(double lr, double beta1, double beta2, double eps) {
        super(lr, "exp_avg", "exp_avg_sq");
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new InvalidSettingException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new InvalidSettingException("Adam eps must be positive, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public String id() {
        return "adam";
    }

    @Override
    void beginStep(long t) {
        stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
    }

    @Override
    void updateRange(float[] w, float[] g, float[][] state, int from, int to) {
        kernels.adam(w, g, state[0], state[1], from, to, (float) beta1, (float) beta2, stepSize, invSqrtBc2, (float) eps);
    }
}
