package org.drtp.rule;

/**
 * A fixed random matrix that carries learning signals (never trained). {@code layer} is the index of the
 * layer it serves; {@code shape} follows PyTorch's layout (DFA/sDFA/DRTP: [classes, units] or
 * [classes, channels, H, W]; FA: the shape of the layer's weight). {@code values} is the array the rule
 * computes with, so {@link LearningRule#loadFeedback} replaces it in place.
 */
public record FeedbackMatrix(String name, int layer, int[] shape, float[] values) {
}
