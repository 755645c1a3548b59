package org.drtp.train.alignment;

/**
 * The angle between two vectors, {@code acos(<a, b> / (|a| |b|))} in degrees, and the exponential moving
 * average the paper smooths angle curves with. A batch of signals (n x width) is one vector of n*width
 * values: its angle is that of the whole update direction the batch prescribes.
 */
public final class Angles {

    /** Momentum of the paper's smoothing: {@code s_t = 0.95 s_{t-1} + 0.05 a_t}. */
    public static final double EMA_MOMENTUM = 0.95;

    private Angles() {
    }

    /**
     * Angle in degrees between {@code a[0, len)} and {@code b[0, len)}; NaN when either is zero (e.g. BP's
     * signal through zero-initialised weights), as no direction is defined.
     */
    public static double degrees(float[] a, float[] b, int len) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < len; i++) {
            double x = a[i];
            double y = b[i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double c = dot / Math.sqrt(na * nb);
        return Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, c))));
    }

    /**
     * The EMA of a series with momentum {@code m}: starts at the first finite value, skips NaN values
     * (they stay NaN in the output until a first finite value is seen).
     */
    public static double[] ema(double[] raw, double m) {
        double[] out = new double[raw.length];
        double s = Double.NaN;
        for (int i = 0; i < raw.length; i++) {
            if (!Double.isNaN(raw[i])) {
                s = Double.isNaN(s) ? raw[i] : m * s + (1 - m) * raw[i];
            }
            out[i] = s;
        }
        return out;
    }
}
