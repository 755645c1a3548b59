package org.drtp.experiment;

import java.util.List;

/**
 * What one finished run produced, as stored in its JSON file.
 *
 * @param finalError    the paper's figure of merit: mean test error (%) of the last min(10, epochs) epochs;
 *                      the mean test loss for regression
 * @param finalLoss     mean test loss over the same epochs
 * @param epochs        per-epoch metrics
 * @param alignment     alignment measurements (empty unless the spec asks for them)
 * @param stoppedEarly  true when early stopping ended the run before its last epoch
 * @param seconds       wall-clock seconds of the run (machine-dependent: never part of a table)
 */
public record RunResult(RunSpec spec, double finalError, double finalLoss, List<Epoch> epochs,
                        List<Alignment> alignment, boolean stoppedEarly, double seconds, String finished) {

    public RunResult {
        if (epochs == null || epochs.stream().anyMatch(java.util.Objects::isNull)
                || alignment != null && alignment.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a null in 'epochs' or 'alignment'"); // from a damaged file
        }
        epochs = List.copyOf(epochs);
        alignment = alignment == null ? List.of() : List.copyOf(alignment); // absent: none measured
    }

    /**
     * One epoch: the mean loss of its training batches, the test (or validation) loss and error after it
     * (error NaN for regression), and its training seconds.
     */
    public record Epoch(int epoch, double trainBatchLoss, double testLoss, double testError, double trainSeconds) {
    }

    /** One alignment measurement after {@code samples} training examples, angles in degrees per layer. */
    public record Alignment(long samples, int epoch, double[] signalAngles, double[] weightAngles) {
    }
}
