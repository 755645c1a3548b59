package org.drtp.data;

import java.util.Arrays;
import java.util.Locale;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;

/**
 * How raw input values become network inputs: {@code x = (raw * scale - mean[c]) / std[c]}, per channel c
 * (no mean/std: just the scale). MNIST-format data uses scale 1/255 (torchvision's ToTensor); CIFAR-10 adds
 * the reference's per-channel mean and std. Stored in model files so that a model applies the same
 * transformation to raw inputs it is given later.
 */
public record Normalization(float scale, float[] mean, float[] std) {

    public Normalization {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new InvalidSettingException("normalization scale must be positive and finite, got " + scale);
        }
        mean = mean == null ? new float[0] : mean.clone();
        std = std == null ? new float[0] : std.clone();
        if (mean.length != std.length) {
            throw new InvalidSettingException("normalization needs as many means as stds: " + mean.length + " vs " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new InvalidSettingException("normalization stds must be positive and finite: " + Arrays.toString(std));
            }
        }
    }

    public static Normalization identity() {
        return new Normalization(1f, null, null);
    }

    /** Pixels in 0..255 to [0, 1]. */
    public static Normalization unitInterval() {
        return new Normalization(1f / 255f, null, null);
    }

    public boolean isIdentity() {
        return scale == 1f && mean.length == 0;
    }

    /** Normalises one raw example of {@code shape} in place. */
    public void apply(float[] x, int off, Shape shape) {
        int plane = shape.height() * shape.width();
        int channels = shape.channels();
        if (mean.length != 0 && mean.length != channels) {
            throw new InvalidSettingException("normalization has " + mean.length + " channel means, inputs have "
                    + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            float m = mean.length == 0 ? 0f : mean[c];
            float inv = mean.length == 0 ? 1f : 1f / std[c];
            for (int i = off + c * plane, end = i + plane; i < end; i++) {
                x[i] = (x[i] * scale - m) * inv;
            }
        }
    }

    /** Text form for model-file metadata, e.g. {@code scale=0.003921569} or {@code scale=...;mean=a,b,c;std=d,e,f}. */
    public String encode() {
        StringBuilder sb = new StringBuilder("scale=").append(Float.toString(scale));
        if (mean.length > 0) {
            sb.append(";mean=").append(join(mean)).append(";std=").append(join(std));
        }
        return sb.toString();
    }

    public static Normalization decode(String text) {
        float scale = Float.NaN;
        float[] mean = null;
        float[] std = null;
        for (String part : text.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new InvalidSettingException("normalization '" + text + "': expected key=value parts");
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "scale" -> scale = parse(kv[1], text);
                case "mean" -> mean = parseList(kv[1], text);
                case "std" -> std = parseList(kv[1], text);
                default -> throw new InvalidSettingException("normalization '" + text + "': unknown key " + kv[0]);
            }
        }
        if (Float.isNaN(scale)) {
            throw new InvalidSettingException("normalization '" + text + "': missing scale");
        }
        return new Normalization(scale, mean, std);
    }

    private static float parse(String s, String text) {
        float v;
        try {
            v = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("normalization '" + text + "': '" + s + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new InvalidSettingException("normalization '" + text + "': '" + s + "' is not a finite float");
        }
        return v;
    }

    private static float[] parseList(String s, String text) {
        String[] parts = s.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = parse(parts[i], text);
        }
        return v;
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Float.toString(v[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.scale == scale && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return Float.hashCode(scale) * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return encode();
    }
}
