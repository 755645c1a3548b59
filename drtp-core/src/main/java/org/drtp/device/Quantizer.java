package org.drtp.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drtp.data.DataException;
import org.drtp.data.Normalization;
import org.drtp.loss.Loss;
import org.drtp.nn.DenseLayer;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;

/**
 * Float network to integer network (docs/on-device.md, "Quantisation"): a power-of-two exponent per layer
 * chosen from its largest weight and its fan-in with room for growth ({@code headroomBits}), weights and biases rounded to
 * nearest, feedback matrices quantised the same way (or replaced by seeded rows), and the learning rate turned
 * into an 8-bit mantissa and shifts per layer. A model that the integer formats cannot hold faithfully is
 * refused with a {@link DataException} naming the layer and the reason.
 */
public final class Quantizer {

    /**
     * Growth room, by default: a layer's codes span at least 2^bits times PyTorch's initial bound 1/sqrt(n), and
     * at least twice its largest weight (DRTP weights grow about 16-fold in one pass; measured in docs/on-device.md).
     */
    public static final int DEFAULT_HEADROOM_BITS = 4;
    /** Refuse a layer where more than this share of its non-zero weights would round to zero. */
    static final double MAX_ZEROED_SHARE = 0.5;
    /** Largest update shift, so that g * a + r stays below 2^31 (|g| < 2^22, a <= 255, r < 2^S). */
    static final int MAX_UPDATE_SHIFT = 24;
    static final int MAX_WEIGHT_EXP = 16;
    /** Default start state of the dither generator. */
    public static final int DEFAULT_DITHER = 0x2545F491;

    private final Precision precision;
    private final DeviceNetwork.Feedback feedback;
    private final int feedbackSeed;
    private final int headroomBits;

    public Quantizer(Precision precision, DeviceNetwork.Feedback feedback, int feedbackSeed, int headroomBits) {
        if (!precision.isInteger()) {
            throw new InvalidSettingException("precision", "quantising needs an integer precision, got " + precision);
        }
        if (headroomBits < 0 || headroomBits > 8) {
            throw new InvalidSettingException("headroom_bits", "expected 0..8, got " + headroomBits);
        }
        this.precision = precision;
        this.feedback = feedback;
        this.feedbackSeed = feedbackSeed;
        this.headroomBits = headroomBits;
    }

    public Quantizer(Precision precision) {
        this(precision, DeviceNetwork.Feedback.STORED, 0, DEFAULT_HEADROOM_BITS);
    }

    /** Throws (one line, naming what) if the network cannot run on the device arithmetic at all. */
    public static void checkSupported(Network net, LearningRule rule, Loss loss, Normalization norm, String source) {
        String why = null;
        for (Layer l : net.layers()) {
            if (!(l instanceof DenseLayer)) {
                why = "topology " + net.topology() + " has a conv layer; the device export supports fully-connected layers only";
                break;
            }
        }
        if (why == null && !rule.id().equals("drtp")) {
            why = "rule " + rule.id() + " is not supported on the device (drtp only: it needs no backward pass)";
        } else if (why == null && net.options().hiddenActivation() != Activation.TANH && net.depth() > 1) {
            why = "hidden activation " + net.options().hiddenActivation().id() + " is not supported on the device (tanh only)";
        } else if (why == null && net.options().outputActivation() != Activation.SIGMOID) {
            why = "output activation " + net.options().outputActivation().id() + " is not supported on the device (sigmoid only)";
        } else if (why == null && loss != Loss.BCE) {
            why = "loss " + loss.id() + " is not supported on the device (bce only)";
        } else if (why == null && net.options().dropout() > 0) {
            why = "dropout is not supported on the device";
        } else if (why == null && norm != null && !isUnitInterval(norm)) {
            why = "input normalisation " + norm.encode() + " is not supported: device inputs are uint8 values scaled by 1/255";
        } else if (why == null && net.depth() < 2) {
            why = "topology " + net.topology() + " has no hidden layer; DRTP trains hidden layers";
        }
        if (why != null) {
            throw new InvalidSettingException(source + ": " + why);
        }
    }

    static boolean isUnitInterval(Normalization n) {
        return n.isIdentity() || n.equals(Normalization.unitInterval());
    }

    /**
     * Quantises {@code net} (and the rule's feedback matrices) for learning rate {@code lr} (plain SGD, batch 1);
     * {@code source} names the model in messages.
     */
    public DeviceNetwork quantize(Network net, LearningRule rule, double lr, String source) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidSettingException("lr", "must be positive, got " + lr);
        }
        int depth = net.depth();
        int classes = net.outputSize();
        List<FeedbackMatrix> fb = rule.feedbackMatrices();
        byte[][] codes = feedback == DeviceNetwork.Feedback.STORED ? new byte[depth - 1][] : null;
        int[] fbExp = new int[depth - 1];
        for (int k = 0; k < depth - 1; k++) {
            int units = net.layer(k).outputShape().size();
            if (feedback == DeviceNetwork.Feedback.SEED) {
                // uniform codes in [-128, 127] standing for kaiming_uniform's +-sqrt(6 / units)
                fbExp[k] = (int) Math.round(Math.log(128 / Math.sqrt(6.0 / units)) / Math.log(2));
            } else {
                float[] b = fb.get(k).values();
                fbExp[k] = exponentFor(maxAbs(b), 127, 0, source, "feedback." + k);
                codes[k] = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    codes[k][i] = (byte) Math.round(b[i] * Math.pow(2, fbExp[k]));
                }
            }
        }
        List<DeviceLayer> layers = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            DenseLayer d = (DenseLayer) net.layer(k);
            boolean hidden = k < depth - 1;
            int n = d.inputShape().size();
            int m = d.outputShape().size();
            int fa = k == 0 ? 8 : 7;
            int amax = k == 0 ? 255 : 127;
            int wmax = (int) Math.min(precision.typeMax(), DeviceLayer.BIAS_MAX / ((long) n * amax));
            float[] w = d.weight().value();
            float[] b = d.bias().value();
            String name = "layer " + k;
            double reference = Math.max(maxAbs(w), Math.pow(2, headroomBits - 1) / Math.sqrt(n));
            int fw = Math.min(MAX_WEIGHT_EXP, exponentFor(reference, wmax, 1, source, name + " weights"));
            int[] wq = new int[w.length];
            int zeroed = 0;
            int nonzero = 0;
            double scale = Math.pow(2, fw);
            for (int i = 0; i < w.length; i++) {
                wq[i] = (int) Math.round(w[i] * scale);
                if (w[i] != 0) {
                    nonzero++;
                    if (wq[i] == 0) {
                        zeroed++;
                    }
                }
            }
            if (nonzero > 0 && zeroed > MAX_ZEROED_SHARE * nonzero) {
                throw new DataException(String.format(Locale.ROOT,
                        "%s: %s: %.0f %% of the weights round to 0 in %s (largest |w| %.4g sets the step to %.3g); the model is unfit for %s",
                        source, name, 100.0 * zeroed / nonzero, precision, maxAbs(w), 1 / scale, precision));
            }
            int[] bq = new int[m];
            double bscale = Math.pow(2, fw + fa);
            for (int i = 0; i < m; i++) {
                double v = Math.rint(b[i] * bscale);
                if (Math.abs(v) > DeviceLayer.BIAS_MAX) {
                    throw new DataException(String.format(Locale.ROOT, "%s: %s bias %d is %.4g, beyond the int32 accumulator's range "
                            + "(|b| <= %.4g at this layer's scale); the model is unfit for %s", source, name, i, b[i],
                            DeviceLayer.BIAS_MAX / bscale, precision));
                }
                bq[i] = (int) v;
            }
            int fd = hidden ? fbExp[k] + 7 : 7;
            // BCE's gradient is averaged over the classes (docs/semantics.md); the hidden signal is not scaled
            double lrLayer = hidden ? lr : lr / classes;
            int p = (int) Math.floor(Math.log(255 / lrLayer) / Math.log(2));
            int mant = (int) Math.round(lrLayer * Math.pow(2, p));
            if (mant >= 256) {
                mant = 128;
                p--;
            }
            int total = fd + fa - fw + p;
            int s = Math.min(total, MAX_UPDATE_SHIFT);
            int q = total - s;
            int t = s - 2 * fa;
            if (s < 1 || t < -7) {
                throw new InvalidSettingException("lr", String.format(Locale.ROOT,
                        "%s: learning rate %.4g is too large for %s at %s (update shift %d)", source, lr, precision, name, s));
            }
            layers.add(new DeviceLayer(n, m, hidden, fa, fw, wmax, fd, mant, q, s, t, wq, bq));
        }
        return new DeviceNetwork(precision, layers, feedback, codes, fbExp, feedbackSeed, DEFAULT_DITHER);
    }

    /** Largest e <= 30 with max * 2^e <= limit / 2^headroom; refuses a value that does not fit at e = 0. */
    static int exponentFor(double max, int limit, int headroom, String source, String what) {
        if (max == 0) {
            return MAX_WEIGHT_EXP;
        }
        int e = (int) Math.floor(Math.log(limit / (max * Math.pow(2, headroom))) / Math.log(2));
        while (e >= 0 && Math.round(max * Math.pow(2, e + headroom)) > limit) {
            e--; // guards the floating-point log at exact powers of two
        }
        if (e < 0) {
            throw new DataException(String.format(Locale.ROOT, "%s: %s: largest |value| %.4g saturates: codes reach at most %d "
                    + "(keeping %dx room for growth); the model is unfit for this precision", source, what, max, limit,
                    1 << headroom));
        }
        return Math.min(e, 30);
    }

    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Raw device input (0..255) of an input normalised to [0, 1] by 1/255. */
    public static void toRaw(float[] x, int[] raw, int n) {
        for (int j = 0; j < n; j++) {
            int v = Math.round(x[j] * 255f);
            raw[j] = Math.max(0, Math.min(255, v));
        }
    }
}
