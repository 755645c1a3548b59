package org.drtp.rule;

/**
 * A fixed random matrix that carries learning signals (never trained). {@code layer} is the index of the
 * layer it serves; {@code shape} follows PyTorch's layout (DFA/sDFA/DRTP: [classes, units] or
 * [classes, channels, H, W]; FA: the shape of the layer's weight).
 */
public record FeedbackMatrix(String name, int layer, int[] shape, float[] values) {

    /** Sets the matrix from saved values (a model file, a checkpoint), which must be exactly as many. */
    public void load(float[] saved) {
        if (saved.length != values.length) {
            throw new IllegalArgumentException("feedback matrix " + name + " " + java.util.Arrays.toString(shape) + " holds "
                    + values.length + " values, got " + saved.length);
        }
        System.arraycopy(saved, 0, values, 0, values.length);
    }
}
