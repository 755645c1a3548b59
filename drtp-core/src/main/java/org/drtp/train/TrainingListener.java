package org.drtp.train;

/**
 * Observes a training run: progress bars, metric writers, divergence checks, checkpoints. Callbacks run on
 * the training thread; a listener may stop training by throwing (e.g. {@link TrainingStoppedException}).
 */
public interface TrainingListener {

    default void onTrainingStart(int trial, int epochs, int batchesPerEpoch) {
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
