package org.drtp.train;

import java.util.List;
import org.drtp.rule.LearningRule;

/**
 * The per-epoch history of one trial, why it ended before its last epoch ({@code stoppedEarly}, null when it
 * ran them all), and the rule it trained with, bound to the network (its feedback matrices; null when not known).
 */
public record TrainingResult(int trial, List<EpochMetrics> epochs, EarlyStop stoppedEarly, LearningRule rule) {

    /** Early stopping ended the trial after {@code epoch}: the monitored error was best at {@code bestEpoch}. */
    public record EarlyStop(int epoch, EarlyStopping.Monitor monitored, int bestEpoch, double best, int patience) {

        /** One line, e.g. {@code stopped after epoch 31: validation error best at epoch 11 (12.50), not improved for 20 epochs}. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "stopped early after epoch %d: %s error best at epoch %d (%.4g),"
                    + " not improved for %d epochs", epoch, monitored.id(), bestEpoch, best, patience);
        }
    }

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** A trial that ran all its epochs. */
    public TrainingResult(int trial, List<EpochMetrics> epochs) {
        this(trial, epochs, null, null);
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

    /** How many epochs {@link #finalTestError} averages: the last 10, or all of them when fewer ran (early stopping). */
    public int epochsAveraged() {
        return Math.min(10, epochs.size());
    }

    private double lastMean(boolean error) {
        if (epochs.isEmpty()) {
            return Double.NaN;
        }
        int from = epochs.size() - epochsAveraged();
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
