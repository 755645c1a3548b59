package org.drtp.train.alignment;

import java.util.List;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.Backpropagation;
import org.drtp.train.TrainingStep;

/**
 * Computes the modulatory signals backpropagation would give each hidden layer on a batch, with the
 * network's current weights, without changing them: a locked {@link TrainingStep} with the
 * {@link Backpropagation} rule and an optimizer that never moves a parameter. Only measurements use it.
 *
 * <p>Parameter gradients of the shared network are overwritten by the probe; that is harmless because a
 * training step writes every gradient it uses before using it.
 */
public final class BackpropProbe {

    private final TrainingStep step;
    private final Rng dropout = new Rng(1);
    private final float[][] dz;
    private final boolean[] seen;

    public BackpropProbe(Network network, Loss loss, int maxBatch) {
        Backpropagation bp = new Backpropagation();
        bp.initialise(network, new Rng(0));
        Optimizer none = new NoUpdate();
        none.init(network.parameters());
        this.step = new TrainingStep(network, bp, none, loss, maxBatch, dropout, true);
        int depth = network.depth();
        this.dz = new float[depth][];
        this.seen = new boolean[depth];
        for (int k = 0; k < depth - 1; k++) {
            dz[k] = new float[maxBatch * network.layer(k).signalShape().size()];
        }
        step.setSignalObserver((k, signal, n, width) -> {
            System.arraycopy(signal, 0, dz[k], 0, n * width);
            seen[k] = true;
        });
    }

    /**
     * Runs BP's forward and backward pass on the batch. {@code dropoutState} (from
     * {@link TrainingStep#dropoutRngState()}) makes the probe draw the same dropout masks as the step it
     * shadows; null leaves the probe's own stream.
     */
    public void run(float[] x, float[] targets, int[] labels, int n, long[] dropoutState) {
        java.util.Arrays.fill(seen, false);
        if (dropoutState != null) {
            dropout.setState(dropoutState);
        }
        step.run(x, targets, labels, n);
    }

    /** BP's {@code dz_k} of the last {@link #run}, or null when layer k got none (frozen). */
    public float[] signal(int k) {
        return seen[k] ? dz[k] : null;
    }

    /** An optimizer that leaves every parameter as it is. */
    private static final class NoUpdate implements Optimizer {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public double learningRate() {
            return 0;
        }

        @Override
        public void init(List<Parameter> parameters) {
        }

        @Override
        public void step(Parameter p) {
        }

        @Override
        public void reset() {
        }

        @Override
        public Map<String, float[]> state() {
            return Map.of();
        }
    }
}
