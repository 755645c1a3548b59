package org.drtp.train;

import org.drtp.settings.InvalidSettingException;

/**
 * Something that learns from a stream one labelled example at a time: {@link OnlineLearner} in float32, or
 * {@code org.drtp.device.DeviceLearner} in the integer arithmetic of a device (docs/on-device.md). Inputs
 * are normalised as the model expects.
 */
public interface Learner {

    /** Adds one labelled example and learns from it (possibly once a micro-batch is full). */
    void learn(float[] input, int label);

    /** The class predicted for {@code input} now. */
    int predict(float[] input);

    /** Prequential step: the class predicted before learning from {@code input}, then learns. */
    int predictThenLearn(float[] input, int label);

    /**
     * Learns from {@code count} examples in order, as {@code count} calls of {@link #predictThenLearn} (of
     * {@link #learn} when {@code predictions} is null), each prediction going to {@code predictions[t]}. This default
     * is that loop, one example after the other: an error at example t leaves the examples before it learned.
     * {@link OnlineLearner} learns the same bits faster when the examples come in bursts.
     *
     * @param features {@code count} x {@link #inputSize()} values, row-major, normalised
     */
    default void learnSequence(float[] features, int[] labels, int count, int[] predictions) {
        int n = inputSize();
        checkSequence(features, labels, count, predictions, n);
        float[] one = new float[n];
        for (int t = 0; t < count; t++) {
            System.arraycopy(features, t * n, one, 0, n);
            if (predictions != null) {
                predictions[t] = predictThenLearn(one, labels[t]);
            } else {
                learn(one, labels[t]);
            }
        }
    }

    /** Values per example. */
    int inputSize();

    /**
     * Throws, saying what a sequence of {@code count} examples needs, unless {@code features} holds {@code count} x
     * {@code inputs} values and {@code labels} (and {@code predictions}, when not null) {@code count} slots.
     */
    static void checkSequence(float[] features, int[] labels, int count, int[] predictions, int inputs) {
        if (count < 0 || (long) count * inputs > features.length || count > labels.length
                || (predictions != null && count > predictions.length)) {
            throw new InvalidSettingException("a sequence of " + count + " examples needs " + (long) count * inputs
                    + " input values and " + count + " labels" + (predictions == null ? "" : " and prediction slots")
                    + ", got " + features.length + ", " + labels.length
                    + (predictions == null ? "" : " and " + predictions.length));
        }
    }

    /** Learns what is still pending (an unfinished micro-batch) now. */
    void flush();

    /** Examples learned from by this learner. */
    long examplesSeen();
}
