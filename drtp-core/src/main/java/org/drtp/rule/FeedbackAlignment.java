package org.drtp.rule;

import java.util.ArrayList;
import java.util.List;
import org.drtp.nn.Initializers;
import org.drtp.nn.Network;
import org.drtp.random.Rng;

/**
 * Feedback alignment (Lillicrap et al. 2016): the error travels back layer by layer as in BP, but through
 * fixed random matrices {@code B_{k+1}} of {@code W_{k+1}}'s shape: {@code dy_k = dz_{k+1} B_{k+1}}.
 * B is kaiming-uniform (as the reference's FA wrapper). The first layer needs none, nor does a layer without
 * parameters (errors pass through it as through backpropagation's).
 */
public final class FeedbackAlignment implements LearningRule {

    private final List<FeedbackMatrix> matrices = new ArrayList<>();
    private float[][] byLayer;

    @Override
    public String id() {
        return "fa";
    }

    @Override
    public String fullName() {
        return "feedback alignment";
    }

    @Override
    public boolean isUpdateLocked() {
        return true;
    }

    @Override
    public boolean sendsSignalsBackwards() {
        return true;
    }

    @Override
    public void initialise(Network network, Rng rng) {
        matrices.clear();
        byLayer = new float[network.depth()][];
        for (int k = 1; k < network.depth(); k++) {
            if (!network.layer(k).hasParameters()) {
                continue; // errors pass through it without a matrix
            }
            int[] shape = network.layer(k).weight().shape();
            float[] b = new float[network.layer(k).weight().size()];
            Initializers.kaimingUniform(b, shape, rng);
            byLayer[k] = b;
            matrices.add(new FeedbackMatrix("feedback." + k, k, shape, b));
        }
    }

    @Override
    public long feedbackSize(Network network) {
        long n = 0;
        for (int k = 1; k < network.depth(); k++) {
            n += network.layer(k).hasParameters() ? network.layer(k).weight().size() : 0;
        }
        return n;
    }

    /** Replaces layer k's feedback matrix values (e.g. with W_k^T-equivalents in tests, or from a model file). */
    public void setMatrix(int k, float[] values) {
        if (values.length != byLayer[k].length) {
            throw new IllegalArgumentException("feedback matrix for layer " + k + " needs " + byLayer[k].length
                    + " values, got " + values.length);
        }
        System.arraycopy(values, 0, byLayer[k], 0, values.length);
    }

    @Override
    public long signalMacs(Network network, int k) {
        return network.layer(k + 1).forwardMacs(); // the transposed product through layer k+1's (or B's) matrix
    }

    @Override
    public List<FeedbackMatrix> feedbackMatrices() {
        return List.copyOf(matrices);
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        ctx.propagateFromAbove(k, byLayer[k + 1], dy);
    }
}
