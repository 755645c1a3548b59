package org.drtp.nn;

/**
 * Forward passes without training (no dropout, nothing kept for an update), for evaluation and
 * prediction. Holds two buffers used alternately by successive layers plus one shared workspace, so its
 * memory does not grow with depth. Not thread-safe: one per thread.
 */
public final class Inference {

    private final Network network;
    private final int maxBatch;
    private final float[] a;
    private final float[] b;
    private final Workspace workspace;

    public Inference(Network network, int maxBatch) {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + maxBatch);
        }
        this.network = network;
        this.maxBatch = maxBatch;
        int width = network.maxWidth();
        this.a = new float[maxBatch * width];
        this.b = new float[maxBatch * width];
        this.workspace = Workspace.sharedForInference(network.layers(), maxBatch);
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Runs {@code n} examples ({@code x}: n x input size) through the network. Returns an internal buffer
     * whose first {@code n * outputSize} values are the outputs, valid until the next call.
     */
    public float[] run(float[] x, int n) {
        if (n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " exceeds this Inference's maximum of " + maxBatch);
        }
        float[] in = x;
        float[] out = a;
        for (Layer layer : network.layers()) {
            layer.forward(in, out, n, workspace, Pass.INFERENCE);
            in = out;
            out = out == a ? b : a;
        }
        return in;
    }
}
