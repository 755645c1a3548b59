package org.drtp.tensor;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * Element-wise activation functions, applied in place, with their derivative expressed through the
 * activation's <em>output</em> y = f(z) so that the pre-activation z never has to be kept:
 * tanh' = 1 - y^2, sigmoid' = y (1 - y), relu' = [y &gt; 0], identity' = 1.
 */
public enum Activation {
    TANH("tanh"),
    SIGMOID("sigmoid"),
    RELU("relu"),
    NONE("none");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** Short id used in flags and files. */
    public String id() {
        return id;
    }

    /** Parses an id case-insensitively; the error names the accepted values. */
    public static Activation fromId(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.id.equals(v)) {
                return a;
            }
        }
        throw new InvalidSettingException("unknown activation '" + s + "': expected one of tanh, sigmoid, relu, none");
    }

    /** {@code a[off..off+len) = f(a[off..off+len))}. */
    public void apply(float[] a, int off, int len) {
        switch (this) {
            case TANH -> FastMath.tanh(a, off, len);
            case SIGMOID -> FastMath.sigmoid(a, off, len);
            case RELU -> {
                for (int i = off, end = off + len; i < end; i++) {
                    a[i] = Math.max(a[i], 0f);
                }
            }
            case NONE -> {
            }
        }
    }

    /**
     * Chain rule through the activation: {@code grad[i] *= f'(z_i)}, with f' computed from the
     * output {@code y}. Turns dL/dy into dL/dz in place.
     */
    public void multiplyDerivative(float[] y, int yOff, float[] grad, int gOff, int len) {
        switch (this) {
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gOff + i] *= 1f - v * v;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gOff + i] *= v * (1f - v);
                }
            }
            case RELU -> {
                for (int i = 0; i < len; i++) {
                    if (!(y[yOff + i] > 0f)) {
                        grad[gOff + i] = 0f;
                    }
                }
            }
            case NONE -> {
            }
        }
    }
}
