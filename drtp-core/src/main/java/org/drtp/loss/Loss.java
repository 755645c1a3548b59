package org.drtp.loss;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.FastMath;

/**
 * Losses with PyTorch's reductions ({@code docs/semantics.md}). {@code y} is the network output after the output
 * activation, {@code t} the target rows (one-hot for classification), both n x c.
 *
 * <ul>
 *   <li>BCE ({@code F.binary_cross_entropy}): mean over n*c of {@code -(t log y + (1-t) log(1-y))}, logs
 *       clamped at -100; needs outputs in [0, 1] (sigmoid output activation).</li>
 *   <li>CE ({@code F.cross_entropy}): mean over n of {@code -log softmax(y)[label]}: the softmax is applied to
 *       the output, so with {@code --output-act none} the output layer's pre-activations are the logits.</li>
 *   <li>MSE ({@code F.mse_loss}): mean over n*c of {@code (y - t)^2}.</li>
 * </ul>
 * Evaluation sums per-example losses and divides by the dataset size, as the reference's test loop does.
 */
public enum Loss {
    BCE("bce"),
    CE("ce"),
    MSE("mse");

    /** PyTorch clamps BCE's logs at -100 so that a saturated output gives a finite loss. */
    private static final double LOG_CLAMP = -100.0;
    /** PyTorch's BCE backward divides by max(y (1 - y), 1e-12). */
    private static final float BCE_GRAD_EPS = 1e-12f;

    private final String id;

    Loss(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Loss fromId(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Loss l : values()) {
            if (l.id.equals(v)) {
                return l;
            }
        }
        throw new InvalidSettingException("loss", "unknown loss '" + s + "': expected one of bce, ce, mse");
    }

    /** Throws if this loss cannot be used with that output activation (BCE needs outputs in [0, 1]). */
    public void checkOutputActivation(Activation outputActivation) {
        if (this == BCE && outputActivation != Activation.SIGMOID) {
            throw new InvalidSettingException("loss bce needs outputs in [0, 1]: use output activation sigmoid, not "
                    + outputActivation.id());
        }
    }

    /** Sum over the {@code n} examples of each example's loss (summed over its c outputs for BCE and MSE). */
    public double sum(float[] y, float[] t, int n, int c) {
        double s = 0;
        switch (this) {
            case BCE -> {
                for (int i = 0, len = n * c; i < len; i++) {
                    double yi = y[i], ti = t[i];
                    s -= ti * Math.max(Math.log(yi), LOG_CLAMP) + (1 - ti) * Math.max(Math.log(1 - yi), LOG_CLAMP);
                }
            }
            case MSE -> {
                for (int i = 0, len = n * c; i < len; i++) {
                    double d = (double) y[i] - t[i];
                    s += d * d;
                }
            }
            case CE -> {
                for (int r = 0; r < n; r++) {
                    int base = r * c;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c; j++) {
                        max = Math.max(max, y[base + j]);
                    }
                    double z = 0;
                    for (int j = 0; j < c; j++) {
                        z += FastMath.exp((float) (y[base + j] - max));
                    }
                    double logZ = max + Math.log(z);
                    for (int j = 0; j < c; j++) {
                        s -= t[base + j] * (y[base + j] - logZ);
                    }
                }
            }
        }
        return s;
    }

    /** The training loss of a batch as PyTorch reduces it ('mean'). */
    public double mean(float[] y, float[] t, int n, int c) {
        return this == CE ? sum(y, t, n, c) / n : sum(y, t, n, c) / ((double) n * c);
    }

    /**
     * Writes {@code dz = dL/dz}, the gradient of the batch's mean loss with respect to the output layer's
     * pre-activation, given the post-activation outputs {@code y} and the output activation.
     * {@code dz} may not alias {@code y}.
     */
    public void outputGradient(float[] y, float[] t, int n, int c, Activation outputActivation, float[] dz) {
        int len = n * c;
        switch (this) {
            case BCE -> {
                // As PyTorch: dL/dy = (y - t) / max(y (1 - y), eps) / (n c), then the sigmoid's y (1 - y).
                float scale = 1f / ((float) n * c);
                for (int i = 0; i < len; i++) {
                    float yi = y[i];
                    float d = yi * (1f - yi);
                    dz[i] = (yi - t[i]) / Math.max(d, BCE_GRAD_EPS) * scale;
                }
            }
            case MSE -> {
                float scale = 2f / ((float) n * c);
                for (int i = 0; i < len; i++) {
                    dz[i] = (y[i] - t[i]) * scale;
                }
            }
            case CE -> {
                System.arraycopy(y, 0, dz, 0, len);
                FastMath.softmaxRows(dz, 0, n, c);
                float scale = 1f / n;
                for (int i = 0; i < len; i++) {
                    dz[i] = (dz[i] - t[i]) * scale;
                }
            }
        }
        outputActivation.multiplyDerivative(y, 0, dz, 0, len);
    }
}
