package org.drtp.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable tensor: its value, the gradient of the current step (same layout), and a {@code frozen}
 * flag. A frozen parameter keeps its value: no gradient is computed for it and no optimizer steps it
 * (the paper's "CONV (random)" rows, and every hidden layer under shallow learning).
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private boolean frozen;

    /** The most values one array of a network holds: the largest Java array every JVM allocates. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    public Parameter(String name, int... shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + ": dimensions must be positive, got " + Arrays.toString(shape));
            }
            n = Math.min(n * d, Long.MAX_VALUE / Integer.MAX_VALUE); // saturates at ~2^32: n * d (d < 2^31) never overflows
        }
        if (n > MAX_VALUES) {
            throw new IllegalArgumentException("parameter " + name + " " + Arrays.toString(shape) + " has more values than"
                    + " one Java array holds (" + MAX_VALUES + ")");
        }
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
    }

    /** Name unique within a network, e.g. {@code layers.0.weight}. */
    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Number of scalar values. */
    public int size() {
        return value.length;
    }

    /** The live value array (the network computes with it in place). */
    public float[] value() {
        return value;
    }

    /** The live gradient array, written by the layer during a training step. */
    public float[] grad() {
        return grad;
    }

    /**
     * Sets the value from {@code values} laid out as {@code shape} (e.g. initial weights written by another
     * program); throws when the shape is not this parameter's. The gradient is left alone.
     */
    public void load(int[] shape, float[] values) {
        if (!Arrays.equals(shape, this.shape) || values.length != value.length) {
            throw new IllegalArgumentException("parameter " + name + " is " + Arrays.toString(this.shape) + ", got "
                    + Arrays.toString(shape) + " (" + values.length + " values)");
        }
        System.arraycopy(values, 0, value, 0, value.length);
    }

    public boolean isFrozen() {
        return frozen;
    }

    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (frozen ? " (frozen)" : "");
    }
}
