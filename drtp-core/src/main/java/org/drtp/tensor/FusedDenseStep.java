package org.drtp.tensor;

/**
 * A {@link Gemm} that can also run a dense layer's batch-1 forward pass and plain-SGD update in one sweep over
 * its weights, for rules whose hidden signal is known before the forward pass (DRTP: a row of {@code B_k}).
 *
 * <p>Why: online learning (batch 1) is bound by the weights' memory traffic. Unfused, every example reads W for
 * {@code y = W x}, then reads and writes it again for {@code W += d x^T}: three passes over 1.5 MB for
 * FC_500_FC_10's first layer. Fused, each row of W is updated while it is still in L1 from its own dot product,
 * one read and one write per example (see docs/performance.md).
 *
 * <p>Contract: the results are bit for bit those of the unfused sequence with the same kernels:
 * {@code y = x W^T} by this Gemm, {@code y += b}, {@code act.apply(y)}, {@code signal *= act'(y)},
 * {@code signal *= scale}, {@code W += signal^T x} by this Gemm (beta 1), {@code b += signal}.
 */
public interface FusedDenseStep {

    /**
     * @param w      out x in weights, row-major, updated in place
     * @param b      out biases, updated in place
     * @param x      the in inputs
     * @param signal the out hidden-signal values on entry; {@code scale * signal * act'(y)} on return
     * @param y      receives the out activations (computed with the weights before the update)
     */
    void forwardUpdate(float[] w, float[] b, float[] x, int in, int out, Activation act, float[] signal, float scale,
                       float[] y);

    /**
     * How many examples past the one whose output {@link #forwardUpdateSequence} is handing over its rows may already
     * have learned from: what the layer holds beyond that example if {@code outputs} throws.
     */
    int MAX_AHEAD = 31;

    /** Where {@link #forwardUpdateSequence} takes each example's input and signal from. */
    @FunctionalInterface
    interface Examples {
        /**
         * Writes example {@code t}'s input into {@code x} (in values) and its hidden signal into {@code signal} (out
         * values). Called on any of the step's threads, concurrently for different parts ({@code part}: 0 up to the
         * number of threads, for per-part scratch state), so it may only read what the sequence does not change.
         */
        void example(int part, int t, float[] x, float[] signal);
    }

    /** Where {@link #forwardUpdateSequence} hands each example's output. */
    @FunctionalInterface
    interface Outputs {
        /**
         * Example {@code t}'s activations {@code y} (out values, computed before the example's update), on the calling
         * thread, in the order of the examples; {@code y} is valid until this returns. Must not touch this layer's
         * weights or biases: the other threads may already be updating them with the next examples.
         */
        void accept(int t, float[] y);
    }

    /**
     * {@link #forwardUpdate} on examples [0, count) one after the other, each example's output handed to
     * {@code outputs} before the next is consumed there: the same bits as {@code count} calls, each followed by
     * {@code outputs.accept}. An implementation may run some rows of up to {@link #MAX_AHEAD} later examples before an
     * output is accepted (each row's step depends on that row alone); this one calls the step example by example.
     */
    default void forwardUpdateSequence(float[] w, float[] b, int in, int out, Activation act, float scale, int count,
                                       Examples examples, Outputs outputs) {
        float[] x = new float[in];
        float[] signal = new float[out];
        float[] y = new float[out];
        for (int t = 0; t < count; t++) {
            examples.example(0, t, x, signal);
            forwardUpdate(w, b, x, in, out, act, signal, scale, y);
            outputs.accept(t, y);
        }
    }
}
