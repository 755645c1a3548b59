package org.drtp.rule;

import java.util.ArrayList;
import java.util.List;
import org.drtp.nn.Initializers;
import org.drtp.nn.Network;
import org.drtp.random.Rng;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;

/**
 * Common part of the rules that project a vector of output size directly to every hidden layer through a
 * fixed random matrix {@code B_k} of shape [outputs, units_k] (conv: [outputs, channels, H, W] on the
 * pre-pooling map), kaiming-uniform as the reference: DFA, sDFA and DRTP. A layer without parameters gets none.
 */
abstract class DirectProjectionRule implements LearningRule {

    private final List<FeedbackMatrix> matrices = new ArrayList<>();
    /** B_k as a row-major [outputs x signalSize_k] matrix; null for the output layer. */
    protected float[][] byLayer;
    protected int[] signalSize;

    @Override
    public void initialise(Network network, Rng rng) {
        matrices.clear();
        int depth = network.depth();
        int outputs = network.outputSize();
        byLayer = new float[depth][];
        signalSize = new int[depth];
        for (int k = 0; k < depth - 1; k++) {
            if (!network.layer(k).hasParameters()) {
                continue; // nothing to train: no signal, no matrix
            }
            Shape s = network.layer(k).signalShape();
            int[] shape = s.isVector() ? new int[] {outputs, s.size()}
                    : new int[] {outputs, s.channels(), s.height(), s.width()};
            float[] b = new float[outputs * s.size()];
            Initializers.kaimingUniform(b, shape, rng);
            byLayer[k] = b;
            signalSize[k] = s.size();
            matrices.add(new FeedbackMatrix("feedback." + k, k, shape, b));
        }
    }

    @Override
    public long feedbackSize(Network network) {
        long n = 0;
        for (int k = 0; k < network.depth() - 1; k++) {
            n += feedbackValues(network, k);
        }
        return n;
    }

    @Override
    public long signalMacs(Network network, int k) {
        return feedbackValues(network, k); // e B_k
    }

    /** Values of B_k: outputs x layer k's signal map, none for a layer without parameters. */
    private static long feedbackValues(Network network, int k) {
        return network.layer(k).hasParameters() ? (long) network.outputSize() * network.layer(k).signalShape().size() : 0;
    }

    @Override
    public List<FeedbackMatrix> feedbackMatrices() {
        return List.copyOf(matrices);
    }

    /** {@code dy = v B_k} for n rows of output-size vectors {@code v}. */
    protected void project(int k, float[] v, int n, int outputs, float[] dy) {
        int s = signalSize[k];
        Kernels.gemm().multiply(false, false, n, s, outputs, v, 0, outputs, byLayer[k], 0, s, 0f, dy, 0, s);
    }
}
