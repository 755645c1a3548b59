package org.drtp.rule;

/**
 * What a training step offers a {@link LearningRule} to compute a hidden layer's learning signal. All
 * arrays hold {@link #batchSize()} rows.
 */
public interface SignalContext {

    int batchSize();

    /** Number of network outputs (classes, or regression targets). */
    int outputSize();

    /** Target rows y* (one-hot for classification), n x outputs. */
    float[] targets();

    /** Class labels, or null for regression targets. */
    int[] labels();

    /**
     * The output error {@code e = y - y*}, n x outputs, where y is the network output (its softmax when
     * the output activation is none and the loss is cross-entropy, as the reference's DFA). Only
     * available to update-locked rules, once the forward pass is complete.
     */
    float[] outputError();

    /**
     * Backward step from layer {@code k+1} to layer {@code k}: writes into {@code dy} (n x layer k's signal
     * map) the gradient obtained by sending layer k+1's pre-activation gradient through {@code matrix}
     * (which has layer k+1's weight shape; null when layer k+1 has no parameters and so passes errors back without a
     * matrix) and back through layer k's pooling, if any.
     */
    void propagateFromAbove(int k, float[] matrix, float[] dy);
}
