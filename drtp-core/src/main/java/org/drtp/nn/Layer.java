package org.drtp.nn;

import java.util.List;
import org.drtp.tensor.Activation;
import org.drtp.tensor.FusedDenseStep;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Shape;

/**
 * One block of a network, built by its {@link LayerSpec}: e.g. (input dropout) -&gt; affine map -&gt; activation
 * (-&gt; pooling). Its trainable tensors are {@link #parameters()}: a list of zero, one or more named parameters that
 * optimizers, model files and checkpoints iterate, so nothing outside the layer assumes a weight and a bias.
 *
 * <p>Arrays hold a batch of {@code n} examples row-major, one row per example. Three maps matter:
 * <ul>
 *   <li>the input, {@link #inputShape()} per example;</li>
 *   <li>the <em>signal map</em>, {@link #signalShape()}: the post-activation output where learning signals
 *       attach ({@code docs/semantics.md}: for a conv layer this is the map before pooling);</li>
 *   <li>the output passed to the next layer, {@link #outputShape()} (after pooling, if any).</li>
 * </ul>
 *
 * <p>A training step calls {@link #forward}, then (with a gradient {@code dz} with respect to the
 * pre-activation, obtained from a learning signal {@code dy} by
 * {@code activation().multiplyDerivative(signalMap, dy)}) {@link #parameterGradients} and, for rules that
 * send signals backwards, {@link #inputGradient}. All outputs go to arrays the caller supplies; nothing is
 * allocated per call.
 */
public interface Layer {

    /** Human-readable summary, e.g. {@code FC 784->500 tanh}. */
    String describe();

    Shape inputShape();

    Shape outputShape();

    /** Shape of the post-activation map that receives learning signals: the output, unless the layer pools. */
    default Shape signalShape() {
        return outputShape();
    }

    Activation activation();

    /**
     * The matrix {@link #inputGradient} sends errors through (backpropagation passes it, feedback alignment a fixed
     * random matrix of its shape). A convenience for the rules; a layer without such a matrix throws.
     */
    default Parameter weight() {
        throw new UnsupportedOperationException(describe() + " has no weight matrix to send errors through");
    }

    /**
     * The layer's trainable tensors in file order (e.g. weight then bias; none for a layer without parameters), as
     * a list created once: training steps iterate it for every update.
     */
    List<Parameter> parameters();

    /** True when every parameter is frozen. */
    default boolean isFrozen() {
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) { // indexed: no iterator on the training path
            if (!ps.get(i).isFrozen()) {
                return false;
            }
        }
        return true;
    }

    /**
     * False for a layer without parameters (e.g. a pooling or flattening step): it learns nothing, so it gets no
     * learning signal of its own, and rules that send errors backwards pass them through it without a matrix.
     */
    default boolean hasParameters() {
        return !parameters().isEmpty();
    }

    /** True when at least one parameter is frozen (then no update may touch all parameters at once). */
    default boolean hasFrozenParameter() {
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) { // indexed: no iterator on the training path
            if (ps.get(i).isFrozen()) {
                return true;
            }
        }
        return false;
    }

    default void setFrozen(boolean frozen) {
        for (Parameter p : parameters()) {
            p.setFrozen(frozen);
        }
    }

    /** Sizes (in floats) of the scratch slots this layer needs for a batch of {@code n}. */
    int[] workspaceSizes(int n);

    /**
     * Sizes of the scratch slots an {@linkplain Pass#INFERENCE inference pass} of up to {@code n} examples needs;
     * by default those of a training pass. A layer may ask for less (e.g. a conv layer runs inference in
     * chunks of examples, and keeps nothing for an update).
     */
    default int[] inferenceWorkspaceSizes(int n) {
        return workspaceSizes(n);
    }

    /**
     * Computes {@code out} (n x outputShape) from {@code x} (n x inputShape). A {@linkplain Pass#training training}
     * pass draws its dropout masks from the pass's generator and keeps the scratch for the update in {@code ws};
     * an {@linkplain Pass#INFERENCE inference} pass does neither.
     */
    void forward(float[] x, float[] out, int n, Workspace ws, Pass pass);

    /** The array holding the signal map after {@link #forward}: {@code out} itself unless the layer pools. */
    default float[] signalMap(float[] out, Workspace ws) {
        return out;
    }

    /**
     * Turns a gradient with respect to the output ({@code dOut}) into one with respect to the signal map
     * ({@code dSignal}); identity without pooling, routing to each window's maximum with it.
     * {@code dSignal} may be the same array as {@code dOut} only when the layer does not pool.
     */
    default void outputGradientToSignal(float[] dOut, float[] dSignal, int n, Workspace ws) {
        if (dOut != dSignal) {
            System.arraycopy(dOut, 0, dSignal, 0, n * outputShape().size());
        }
    }

    /**
     * Writes every parameter's {@code grad()} (overwriting) from {@code dz}, the gradient
     * with respect to the pre-activation over the signal map, and the forward pass's input {@code x}.
     * The gradient is summed over the batch: scaling is the learning signal's business.
     */
    void parameterGradients(float[] x, float[] dz, int n, Workspace ws);

    /**
     * {@link #parameterGradients}, handing rows of {@link #weight()}'s gradient (rows of its first dimension) to
     * {@code weightRows} as they become final, every row exactly once, before returning; the other parameters'
     * gradients are complete on return. A layer whose weight gradient is one product passes {@code weightRows} to
     * it ({@link Gemm}), so that an optimizer step fused there reads the rows while they are in cache. This
     * default computes everything, then hands over all rows.
     */
    default void parameterGradients(float[] x, float[] dz, int n, Workspace ws, Gemm.RowsDone weightRows) {
        parameterGradients(x, dz, n, ws);
        weightRows.rows(0, weight().shape()[0]);
    }

    /**
     * For one example ({@code n = 1}) and a hidden signal known before the forward pass: the forward pass into
     * {@code y}, {@code signal} turned into {@code dz} through the activation's derivative and scaled by
     * {@code scale}, and {@link #applyGradients}, in one sweep over the weights; the same results as the three
     * calls. Returns false, doing nothing, when this layer cannot (the caller then makes the three calls).
     */
    default boolean forwardAndApply(float[] x, float[] y, float[] signal, float scale) {
        return false;
    }

    /**
     * {@link #forwardAndApply} on examples [0, count) in order, each example's input and signal from {@code examples},
     * each output handed to {@code outputs} on the calling thread before the next example's output
     * ({@link FusedDenseStep#forwardUpdateSequence}: the same results as one call per example). Returns false, doing
     * nothing, when this layer cannot.
     */
    default boolean forwardAndApplySequence(int count, FusedDenseStep.Examples examples, FusedDenseStep.Outputs outputs,
                                            float scale) {
        return false;
    }

    /**
     * Adds {@code scale} times the parameter gradients of {@link #parameterGradients} directly to the parameters
     * ({@code scale = -lr}: a plain SGD step), without storing the gradients. May overwrite {@code dz}.
     * Layers override it to fuse the product and the update (one pass over the weights instead of three).
     */
    default void applyGradients(float[] x, float[] dz, int n, Workspace ws, float scale) {
        parameterGradients(x, dz, n, ws);
        List<Parameter> ps = parameters();
        for (int p = 0; p < ps.size(); p++) {
            Parameter param = ps.get(p);
            float[] w = param.value();
            float[] g = param.grad();
            for (int i = 0; i < w.length; i++) {
                w[i] += scale * g[i];
            }
        }
    }

    /**
     * Sends {@code dz} back to the input: {@code dx = dz M} (dense) or the transposed convolution with
     * kernel {@code M} (conv), then through the input dropout mask. {@code matrix} has {@link #weight()}'s shape:
     * the weight itself for backpropagation, a fixed random matrix for feedback alignment; null for a layer without
     * parameters, whose input gradient needs no matrix (e.g. routing through a pooling).
     */
    void inputGradient(float[] dz, float[] matrix, float[] dx, int n, Workspace ws);

    /** Multiply-accumulates of one example's forward pass (for the edge budget). */
    long forwardMacs();
}
