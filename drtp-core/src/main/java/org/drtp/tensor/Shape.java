package org.drtp.tensor;

/**
 * Shape of one example or one layer's output, batch dimension excluded: {@code channels x height x width}.
 * A flat vector of n values is {@code 1 x 1 x n}; an MNIST image is {@code 1 x 28 x 28}.
 */
public record Shape(int channels, int height, int width) {

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width + " has more than 2^31 values");
        }
    }

    /** A flat vector of {@code n} values. */
    public static Shape vector(int n) {
        return new Shape(1, 1, n);
    }

    /** Number of values. */
    public int size() {
        return channels * height * width;
    }

    public boolean isVector() {
        return channels == 1 && height == 1;
    }

    @Override
    public String toString() {
        return isVector() ? Integer.toString(width) : channels + "x" + height + "x" + width;
    }
}
