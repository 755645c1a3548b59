package org.drtp.train;

import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.rule.LearningRule;

/**
 * Observes a training run: progress bars, metric writers, divergence checks, checkpoints. Callbacks run on
 * the training thread; a listener may stop training by throwing (e.g. {@link TrainingStoppedException}).
 */
public interface TrainingListener {

    default void onTrainingStart(int trial, int epochs, int batchesPerEpoch) {
    }

    /**
     * The step that trains this trial, just created, with what it trains: lets a listener observe learning
     * signals ({@link TrainingStep#setSignalObserver}) or probe the network (alignment angles).
     */
    default void onStepCreated(int trial, TrainingStep step, Network network, LearningRule rule, Loss loss) {
    }

    /**
     * Called before each training batch with the batch the step is about to train on ({@code n} rows of
     * {@code x} and {@code targets}; {@code labels} null for regression). The arrays are reused: do not keep them.
     */
    default void beforeBatch(int trial, int epoch, int batch, float[] x, float[] targets, int[] labels, int n) {
    }

    default void onBatchEnd(int trial, int epoch, int batch, int batchesPerEpoch, double loss) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    /**
     * Training resumed from a checkpoint: {@code completed} are the epochs it had finished before. By
     * default they are replayed through {@link #onEpochEnd} so that metric writers see the whole history.
     */
    default void onResume(int trial, java.util.List<EpochMetrics> completed) {
        completed.forEach(this::onEpochEnd);
    }

    default void onTrainingEnd(TrainingResult result) {
    }
}
