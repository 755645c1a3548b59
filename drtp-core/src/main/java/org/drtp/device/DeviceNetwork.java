package org.drtp.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.drtp.data.DataException;
import org.drtp.settings.InvalidSettingException;

/**
 * A fully-connected DRTP network in the integer arithmetic of docs/on-device.md, learning one example at a
 * time: the Java reference of the exported C code, bit for bit (same codes, same shifts, same generator
 * draws in the same order). Inputs are raw uint8 values (0..255); no floating point is used here.
 *
 * <p>{@link #learn} is update-unlocked as DRTP allows: each layer computes its output, then updates its own
 * weights from its input and the label's feedback row, then hands its output (computed before the update) on.
 * The prediction it returns is therefore the one the network made before learning. Not thread-safe.
 */
public final class DeviceNetwork {

    /** Feedback codes B_k[label][i] are stored ({@code STORED}) or regenerated from a seed on each use ({@code SEED}). */
    public enum Feedback { STORED, SEED }

    private final Precision precision;
    private final List<DeviceLayer> layers;
    private final Feedback feedback;
    /** Stored mode: per hidden layer, [classes][units] codes, row-major. */
    private final byte[][] feedbackCodes;
    /** Per hidden layer: a feedback code c means c * 2^-feedbackExp[k]. */
    private final int[] feedbackExp;
    private final int feedbackSeed;
    private final int classes;
    private final int initialDither;
    private int dither;
    private int learned;
    private long saturations;
    // scratch, sized once
    private final int[][] act;
    private final int[] acc;
    private final int[] signal;
    private final int[] nonzero;

    public DeviceNetwork(Precision precision, List<DeviceLayer> layers, Feedback feedback, byte[][] feedbackCodes,
                         int[] feedbackExp, int feedbackSeed, int dither) {
        if (!precision.isInteger()) {
            throw new InvalidSettingException("precision", "a device network needs an integer precision, got " + precision);
        }
        if (dither == 0) {
            throw new IllegalArgumentException("dither generator state must be non-zero");
        }
        this.precision = precision;
        this.layers = List.copyOf(layers);
        this.feedback = Objects.requireNonNull(feedback);
        this.feedbackCodes = feedbackCodes;
        this.feedbackExp = feedbackExp.clone();
        this.feedbackSeed = feedbackSeed;
        this.classes = this.layers.get(this.layers.size() - 1).outputs();
        this.initialDither = dither;
        this.dither = dither;
        int widest = 0;
        act = new int[this.layers.size() + 1][];
        act[0] = new int[inputs()];
        for (int k = 0; k < this.layers.size(); k++) {
            DeviceLayer l = this.layers.get(k);
            act[k + 1] = new int[l.outputs()];
            widest = Math.max(widest, Math.max(l.outputs(), l.inputs()));
        }
        acc = new int[widest];
        signal = new int[widest];
        nonzero = new int[widest];
    }

    public Precision precision() {
        return precision;
    }

    public List<DeviceLayer> layers() {
        return layers;
    }

    public Feedback feedback() {
        return feedback;
    }

    public int feedbackSeed() {
        return feedbackSeed;
    }

    public int feedbackExp(int k) {
        return feedbackExp[k];
    }

    /** Stored feedback codes of hidden layer k ([classes][units] row-major); null in seed mode. */
    public byte[] feedbackCodes(int k) {
        return feedbackCodes == null ? null : feedbackCodes[k].clone();
    }

    public int inputs() {
        return layers.get(0).inputs();
    }

    public int classes() {
        return classes;
    }

    public int initialDither() {
        return initialDither;
    }

    public int dither() {
        return dither;
    }

    /** Examples learned (mod 2^32, as the device counts them). */
    public int learned() {
        return learned;
    }

    /** Weight updates that hit the saturation bound so far (Java only; a sign that the format is too narrow). */
    public long saturations() {
        return saturations;
    }

    /** The class predicted for raw input {@code x} (values 0..255). */
    public int predict(int[] x) {
        load(x);
        int last = layers.size() - 1;
        for (int k = 0; k < last; k++) {
            DeviceLayer l = layers.get(k);
            forward(l, act[k]);
            for (int i = 0; i < l.outputs(); i++) {
                act[k + 1][i] = Tables.tanh(acc[i], l.tanhShift());
            }
        }
        forward(layers.get(last), act[last]);
        return argmax(acc, classes);
    }

    /** Learns one labelled example; returns the class predicted before learning. */
    public int learn(int[] x, int label) {
        if (label < 0 || label >= classes) {
            throw new DataException("label " + label + " outside 0.." + (classes - 1));
        }
        load(x);
        int last = layers.size() - 1;
        for (int k = 0; k < last; k++) {
            DeviceLayer l = layers.get(k);
            forward(l, act[k]);
            int[] h = act[k + 1];
            int s = feedback == Feedback.SEED ? XorShift32.rowSeed(feedbackSeed, k, label) : 0;
            for (int i = 0; i < l.outputs(); i++) {
                h[i] = Tables.tanh(acc[i], l.tanhShift());
                int b;
                if (feedback == Feedback.SEED) {
                    s = XorShift32.next(s);
                    b = (s >>> 24) - 128;
                } else {
                    b = feedbackCodes[k][label * l.outputs() + i];
                }
                signal[i] = b * ((16384 - h[i] * h[i]) >> 7); // y* B_k times tanh' = 1 - h^2, both Q1.7
            }
            update(l, act[k]);
        }
        DeviceLayer out = layers.get(last);
        forward(out, act[last]);
        int predicted = argmax(acc, classes);
        for (int i = 0; i < classes; i++) {
            signal[i] = Tables.sigmoid(acc[i], out.sigmoidShift()) - (i == label ? 128 : 0); // y - y*, Q1.7
        }
        update(out, act[last]);
        learned++;
        return predicted;
    }

    private void load(int[] x) {
        int n = inputs();
        if (x.length < n) {
            throw new DataException("example has " + x.length + " values, the network expects " + n);
        }
        for (int j = 0; j < n; j++) {
            if (x[j] < 0 || x[j] > 255) {
                throw new DataException("input value " + x[j] + " at " + j + " is outside 0..255");
            }
        }
        System.arraycopy(x, 0, act[0], 0, n);
    }

    private void forward(DeviceLayer l, int[] a) {
        int n = l.inputs();
        int[] w = l.weights();
        for (int i = 0; i < l.outputs(); i++) {
            int s = l.biases()[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                s += w[row + j] * a[j];
            }
            acc[i] = s;
        }
    }

    /** w -= (g a + r) >> S over the non-zero inputs only (a zero input changes nothing: 0 <= r < 2^S). */
    private void update(DeviceLayer l, int[] a) {
        int n = l.inputs();
        int nz = 0;
        for (int j = 0; j < n; j++) {
            if (a[j] != 0) {
                nonzero[nz++] = j;
            }
        }
        int[] w = l.weights();
        int[] bias = l.biases();
        int q = l.gradShift();
        int sh = l.updateShift();
        int t = l.biasShift();
        int max = l.weightMax();
        for (int i = 0; i < l.outputs(); i++) {
            int g = signal[i] * l.lrMantissa();
            if (q > 0) {
                g = (g + (1 << (q - 1))) >> q;
            }
            if (g == 0) {
                continue;
            }
            int r;
            if (precision.stochastic()) {
                dither = XorShift32.next(dither);
                r = dither >>> (32 - sh);
            } else {
                r = 1 << (sh - 1);
            }
            int row = i * n;
            for (int p = 0; p < nz; p++) {
                int j = nonzero[p];
                int v = w[row + j] - ((g * a[j] + r) >> sh);
                if (v > max) {
                    v = max;
                    saturations++;
                } else if (v < -max) {
                    v = -max;
                    saturations++;
                }
                w[row + j] = v;
            }
            int b = bias[i] - (t > 0 ? (g + (1 << (t - 1))) >> t : g << -t);
            bias[i] = Math.max(-DeviceLayer.BIAS_MAX, Math.min(DeviceLayer.BIAS_MAX, b));
        }
    }

    static int argmax(int[] v, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    // ---- learned state: the byte layout of docs/on-device.md ("State layout"), shared with drtp_state_save ----

    public static final int STATE_MAGIC = 0x53545244; // "DRTS" little-endian
    public static final int STATE_VERSION = 1;
    static final int HEADER_BYTES = 20;

    /** Identifies the state's shape: FNV-1a over the version, layer count, and each layer's n, m and weight bits. */
    public int layoutId() {
        List<Integer> words = new ArrayList<>();
        words.add(STATE_VERSION);
        words.add(layers.size());
        for (DeviceLayer l : layers) {
            words.add(l.inputs());
            words.add(l.outputs());
            words.add(precision.weightBits());
        }
        int h = 0x811C9DC5;
        for (int w : words) {
            for (int b = 0; b < 4; b++) {
                h ^= (w >>> (8 * b)) & 0xFF;
                h *= 0x01000193;
            }
        }
        return h;
    }

    public int stateSize() {
        int size = HEADER_BYTES;
        for (DeviceLayer l : layers) {
            size += l.weights().length * (precision.weightBits() / 8) + 4 * l.biases().length;
        }
        return size;
    }

    public byte[] saveState() {
        ByteBuffer bb = ByteBuffer.allocate(stateSize()).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(STATE_MAGIC).putInt(STATE_VERSION).putInt(layoutId()).putInt(dither).putInt(learned);
        for (DeviceLayer l : layers) {
            for (int w : l.weights()) {
                if (precision.weightBits() == 8) {
                    bb.put((byte) w);
                } else {
                    bb.putShort((short) w);
                }
            }
            for (int b : l.biases()) {
                bb.putInt(b);
            }
        }
        return bb.array();
    }

    /** Restores a state written by {@link #saveState} (or drtp_state_save); throws naming what does not match. */
    public void loadState(byte[] state) {
        if (state.length != stateSize()) {
            throw new IllegalArgumentException("state has " + state.length + " bytes, this network's has " + stateSize());
        }
        ByteBuffer bb = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        if (bb.getInt() != STATE_MAGIC || bb.getInt() != STATE_VERSION || bb.getInt() != layoutId()) {
            throw new IllegalArgumentException("state header does not match this network (magic, version or layout id)");
        }
        int d = bb.getInt();
        if (d == 0) {
            throw new IllegalArgumentException("state holds a zero dither generator state");
        }
        dither = d;
        learned = bb.getInt();
        for (DeviceLayer l : layers) {
            int[] w = l.weights();
            for (int i = 0; i < w.length; i++) {
                w[i] = precision.weightBits() == 8 ? bb.get() : bb.getShort();
            }
            int[] b = l.biases();
            for (int i = 0; i < b.length; i++) {
                b[i] = bb.getInt();
            }
        }
    }
}
