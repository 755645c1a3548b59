package org.drtp.train;

/** Mean and standard deviation as the paper's tables report them (mean ± std over trials). */
public final class Statistics {

    private Statistics() {
    }

    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return v.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** The median of the values; NaN when there are none. */
    public static double median(java.util.Collection<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
