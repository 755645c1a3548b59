package org.drtp.train;

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

    /** Learns what is still pending (an unfinished micro-batch) now. */
    void flush();

    /** Examples learned from by this learner. */
    long examplesSeen();
}
