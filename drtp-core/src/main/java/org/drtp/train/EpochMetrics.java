package org.drtp.train;

/**
 * What one epoch of one trial measured. Losses and errors of the training set come from an inference pass
 * over it after the epoch (as the reference reports them); {@code trainSeconds} times the training passes
 * only, {@code evalSeconds} the two evaluation passes. Errors are NaN for regression.
 */
public record EpochMetrics(int trial, int epoch, double trainLoss, double trainErrorPercent, double testLoss,
                           double testErrorPercent, double meanBatchLoss, double trainSeconds, double evalSeconds) {
}
