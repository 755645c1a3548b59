package org.drtp.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.drtp.plot.Series;
import org.drtp.train.Statistics;
import org.drtp.train.alignment.Angles;

/**
 * The trials of one table cell (one spec but for its trial), with the statistics the tables and plots
 * show: mean ± sample standard deviation over trials, per epoch curves and smoothed angle curves.
 */
public record Cell(RunSpec spec, List<RunResult> trials) {

    /** Row order of the paper's tables and figures; other networks come after these, alphabetically. */
    static final List<String> NETWORK_ORDER = List.of("256-100-100-10", "256-500-500-10", "FC1-500", "FC1-1000",
            "FC2-500", "FC2-1000", "CONV (random)", "CONV (random) DA", "CONV (trained)", "CONV (trained) DA");

    /**
     * The order cells appear in, whatever order results were read in (so that one directory and several
     * aggregated shards print the same tables): network, dropout, rule (BP, FA, DFA, sDFA, DRTP, shallow),
     * learning rate, then trial.
     */
    public static final java.util.Comparator<RunSpec> ORDER = java.util.Comparator
            .comparing((RunSpec s) -> s.experiment())
            .thenComparingInt(s -> NETWORK_ORDER.contains(s.network()) ? NETWORK_ORDER.indexOf(s.network())
                    : NETWORK_ORDER.size())
            .thenComparing(RunSpec::network)
            .thenComparingDouble(s -> s.run().network().dropout())
            .thenComparingInt(s -> org.drtp.rule.LearningRules.IDS.indexOf(s.run().trainMode()))
            .thenComparingDouble(s -> s.run().lr())
            .thenComparing(RunSpec::canonical);

    /** Groups results by cell, cells in {@link #ORDER}, trials sorted. */
    public static List<Cell> group(List<RunResult> results) {
        Map<RunSpec, List<RunResult>> m = new LinkedHashMap<>();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparing(RunResult::spec, ORDER));
        for (RunResult r : sorted) {
            m.computeIfAbsent(r.spec().cell(), k -> new ArrayList<>()).add(r);
        }
        List<Cell> out = new ArrayList<>();
        m.forEach((k, v) -> {
            v.sort(java.util.Comparator.comparingInt(r -> r.spec().trial()));
            out.add(new Cell(k, v));
        });
        return out;
    }

    public double[] finalErrors() {
        return trials.stream().mapToDouble(RunResult::finalError).toArray();
    }

    public double mean() {
        return Statistics.mean(finalErrors());
    }

    public double std() {
        return Statistics.std(finalErrors());
    }

    /** {@code mean ± std} with two decimals (the paper's tables), or "–" without trials. */
    public String text() {
        return meanStd(finalErrors(), "%.2f");
    }

    static String meanStd(double[] v, String fmt) {
        if (v.length == 0 || Double.isNaN(Statistics.mean(v))) {
            return "–";
        }
        return String.format(Locale.ROOT, fmt + " ± " + fmt, Statistics.mean(v), Statistics.std(v));
    }

    /** A per-epoch curve (mean ± std over trials) of one metric; epochs all trials reached. */
    public Series epochCurve(String label, ToDoubleFunction<RunResult.Epoch> metric) {
        int n = trials.stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int e = 0; e < n; e++) {
            double[] v = new double[trials.size()];
            for (int t = 0; t < v.length; t++) {
                v[t] = metric.applyAsDouble(trials.get(t).epochs().get(e));
            }
            x[e] = e + 1;
            mean[e] = Statistics.mean(v);
            std[e] = Statistics.std(v);
        }
        return new Series(label, x, mean, std);
    }

    /** Number of hidden layers with alignment measurements. */
    public int alignedLayers() {
        return trials.stream().filter(r -> !r.alignment().isEmpty())
                .mapToInt(r -> r.alignment().get(0).signalAngles().length).max().orElse(0);
    }

    /**
     * The EMA-smoothed (momentum 0.95) angle of hidden layer {@code k} per trial, as rows [trial][point];
     * trials are cut to their common number of measurements.
     */
    public double[][] smoothedAngles(int k) {
        int n = trials.stream().mapToInt(r -> r.alignment().size()).min().orElse(0);
        double[][] out = new double[trials.size()][];
        for (int t = 0; t < trials.size(); t++) {
            double[] raw = new double[n];
            for (int i = 0; i < n; i++) {
                raw[i] = trials.get(t).alignment().get(i).signalAngles()[k];
            }
            out[t] = Angles.ema(raw, Angles.EMA_MOMENTUM);
        }
        return out;
    }

    /** Smoothed angle curve of hidden layer k against thousands of training samples, mean ± std over trials. */
    public Series angleCurve(String label, int k) {
        double[][] a = smoothedAngles(k);
        int n = a.length == 0 ? 0 : a[0].length;
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = trials.get(0).alignment().get(i).samples() / 1000.0;
            double[] v = column(a, i);
            mean[i] = Statistics.mean(v);
            std[i] = Statistics.std(v);
        }
        return new Series(label, x, mean, std);
    }

    /**
     * Angle between layer k's forward weights and its feedback matrix (FA; BioTorch's layer alignment) against
     * thousands of training samples, mean ± std over trials (not smoothed: weights change slowly).
     */
    public Series weightAngleCurve(String label, int k) {
        int n = trials.stream().mapToInt(r -> r.alignment().size()).min().orElse(0);
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = trials.get(0).alignment().get(i).samples() / 1000.0;
            double[] v = new double[trials.size()];
            for (int t = 0; t < v.length; t++) {
                double[] w = trials.get(t).alignment().get(i).weightAngles();
                v[t] = k < w.length ? w[k] : Double.NaN;
            }
            mean[i] = Statistics.mean(v);
            std[i] = Statistics.std(v);
        }
        return new Series(label, x, mean, std);
    }

    /** Final smoothed angle of layer k, mean ± std over trials (one decimal). */
    public String finalAngleText(int k) {
        double[][] a = smoothedAngles(k);
        double[] v = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            v[t] = a[t].length == 0 ? Double.NaN : a[t][a[t].length - 1];
        }
        return meanStd(v, "%.1f");
    }

    /** The largest smoothed angle of layer k over all trials from epoch {@code fromEpoch} on (NaN if none). */
    public double maxAngleFrom(int k, int fromEpoch) {
        double[][] a = smoothedAngles(k);
        double max = Double.NaN;
        for (int t = 0; t < a.length; t++) {
            List<RunResult.Alignment> pts = trials.get(t).alignment();
            for (int i = 0; i < a[t].length; i++) {
                if (pts.get(i).epoch() >= fromEpoch && !Double.isNaN(a[t][i])) {
                    max = Double.isNaN(max) ? a[t][i] : Math.max(max, a[t][i]);
                }
            }
        }
        return max;
    }

    private static double[] column(double[][] a, int i) {
        double[] v = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            v[t] = a[t][i];
        }
        return v;
    }
}
