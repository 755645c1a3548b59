package org.drtp.plot;

/**
 * One curve of a chart: {@code mean[i]} at {@code x[i]}, with a band of {@code +-std[i]} (std may be null or
 * hold zeros: no band). NaN points are left out.
 */
public record Series(String label, double[] x, double[] mean, double[] std) {

    public Series {
        if (x.length != mean.length || (std != null && std.length != x.length)) {
            throw new IllegalArgumentException("series " + label + ": x, mean and std must have the same length");
        }
    }
}
