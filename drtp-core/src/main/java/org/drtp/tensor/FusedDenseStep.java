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
}
