package org.drtp.train.alignment;

/**
 * One measurement: after {@code samples} training examples (during {@code epoch}), the angle in degrees
 * between the rule's and BP's modulatory signals of each hidden layer ({@code signalAngles[k]}, NaN where
 * undefined), and for rules whose feedback matrices have the forward weights' shape (FA) the angle between
 * layer k's weights and its feedback matrix ({@code weightAngles[k]}, NaN elsewhere; k indexes all layers).
 */
public record AlignmentPoint(long samples, int epoch, double[] signalAngles, double[] weightAngles) {
}
