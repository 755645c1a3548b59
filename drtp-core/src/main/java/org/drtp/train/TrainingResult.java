package org.drtp.train;

import java.util.List;

/** The per-epoch history of one trial. */
public record TrainingResult(int trial, List<EpochMetrics> epochs) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /**
     * The paper's figure of merit: the mean test error of the last {@code min(10, epochs)} epochs
     * (test loss for regression, whose error is undefined).
     */
    public double finalTestError() {
        return lastMean(true);
    }

    /** Mean test loss over the same last epochs. */
    public double finalTestLoss() {
        return lastMean(false);
    }

    private double lastMean(boolean error) {
        if (epochs.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, epochs.size() - 10);
        double s = 0;
        for (int i = from; i < epochs.size(); i++) {
            EpochMetrics m = epochs.get(i);
            s += error && !Double.isNaN(m.testErrorPercent()) ? m.testErrorPercent() : m.testLoss();
        }
        return s / (epochs.size() - from);
    }

    /** Median training seconds per epoch. */
    public double medianEpochSeconds() {
        return Statistics.median(epochs.stream().mapToDouble(EpochMetrics::trainSeconds).toArray());
    }
}
