package org.drtp.train;

import java.util.Locale;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;

/**
 * Data augmentation of training examples, applied as each batch is loaded (never to evaluation data).
 *
 * <ul>
 *   <li>{@code none}: examples as stored.</li>
 *   <li>{@code flip}: random horizontal flip with probability 0.5 per example (torchvision's
 *       {@code RandomHorizontalFlip}; the paper's "DA" for CIFAR-10): every row of every channel reversed.</li>
 * </ul>
 * Random draws come from the run's "augment" stream, one per loaded example, so a run stays reproducible.
 */
public enum Augmentation {
    NONE("none"),
    FLIP("flip");

    private final String id;

    Augmentation(String id) {
        this.id = id;
    }

    /** Short id used in flags and files. */
    public String id() {
        return id;
    }

    /** Parses an id case-insensitively; the error names the accepted values. */
    public static Augmentation fromId(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Augmentation a : values()) {
            if (a.id.equals(v)) {
                return a;
            }
        }
        throw new InvalidSettingException("augment", "unknown augmentation '" + s + "': expected none or flip");
    }

    /** Throws IllegalArgumentException if this augmentation does not apply to examples of {@code shape}. */
    public void check(Shape shape, String dataset) {
        if (this == FLIP && shape.isVector()) {
            throw new InvalidSettingException("augmentation flip needs image examples (channels x height x width), but "
                    + dataset + " has flat vectors of " + shape.size() + " values");
        }
    }

    /** Augments the example at {@code x[off ..]} (of {@code shape}) in place. */
    public void apply(float[] x, int off, Shape shape, Rng rng) {
        if (this == FLIP && rng.nextFloat() < 0.5f) {
            int w = shape.width();
            for (int row = 0, rows = shape.channels() * shape.height(); row < rows; row++) {
                for (int i = off + row * w, j = i + w - 1; i < j; i++, j--) {
                    float t = x[i];
                    x[i] = x[j];
                    x[j] = t;
                }
            }
        }
    }
}
