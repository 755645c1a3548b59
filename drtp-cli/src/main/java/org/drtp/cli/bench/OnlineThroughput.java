package org.drtp.cli.bench;

import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.train.OnlineLearner;

/**
 * Examples per second of online learning (batch 1, plain SGD), one network learning on through the data from one
 * call to the next (the harness's first call is the warm-up): through one {@link OnlineLearner#learn} per example, or
 * through {@link OnlineLearner#learnSequence} on sequences of {@code sequence} examples copied from the data set
 * (the same updates, bit for bit).
 */
final class OnlineThroughput {

    /** Examples per {@link OnlineLearner#learnSequence} call in {@code drtp bench}: a burst as a sensor buffer holds. */
    static final int SEQUENCE = 512;

    private final Dataset data;
    private final Network net;
    private final OnlineLearner learner;
    private final int sequence;
    private final float[] x;
    private final int[] labels;
    private int next;

    /** @param sequence examples per learnSequence call, or 0 for one learn call per example */
    OnlineThroughput(Dataset data, String topology, String rule, int sequence) {
        this.data = data;
        this.sequence = sequence;
        net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        learner = new OnlineLearner(net, r, new Sgd(1e-2, 0, false), Loss.BCE, 1, 3);
        x = new float[Math.max(1, sequence) * data.exampleSize()];
        labels = new int[Math.max(1, sequence)];
    }

    /** Learns {@code examples} examples and returns examples per second (copying them from the data set included). */
    double samplesPerSecond(int examples) {
        long t0 = System.nanoTime();
        int n = data.exampleSize();
        for (int i = 0; i < examples; ) {
            int count = sequence == 0 ? 1 : Math.min(sequence, examples - i);
            for (int j = 0; j < count; j++, i++, next = (next + 1) % data.size()) {
                data.copyFeatures(next, x, j * n);
                labels[j] = data.label(next);
            }
            if (sequence == 0) {
                learner.learn(x, labels[0]);
            } else {
                learner.learnSequence(x, labels, count, null);
            }
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Bytes one online example moves to and from wherever the weights live (L2, L3 or memory), as the fused step
     * is built (docs/performance.md, "Batch-1 DRTP, forward and update fused"): every hidden layer's weights and
     * biases read and written once (forward pass and update in one sweep), the output layer's read by the forward
     * pass, then read and written by the update, and every layer's input read once. A lower bound on the traffic:
     * the element-wise work on the few-kilobyte activation vectors stays in L1 and is not counted.
     */
    long bytesPerExample() {
        long bytes = 0;
        for (int k = 0; k < net.depth(); k++) {
            long params = 0;
            for (var p : net.layer(k).parameters()) {
                params += p.size();
            }
            int passes = k < net.depth() - 1 ? 2 : 3;
            bytes += (long) Float.BYTES * (passes * params + net.layer(k).inputShape().size());
        }
        return bytes;
    }
}
