package org.drtp.optim;

/**
 * Adam as {@code torch.optim.Adam} (Kingma and Ba 2015): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}, with
 * b1 0.9, b2 0.999, eps 1e-8 added after the square root.
 */
public final class Adam extends StatefulOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;

    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    public Adam(double lr, double beta1, double beta2, double eps) {
        super(lr, "exp_avg", "exp_avg_sq");
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("Adam eps must be positive, got " + eps);
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
    void update(float[] w, float[] g, float[][] state, long t) {
        float[] m = state[0];
        float[] v = state[1];
        float b1 = (float) beta1, b2 = (float) beta2;
        float c1 = 1f - b1, c2 = 1f - b2;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        float e = (float) eps;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
        }
    }
}
