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
 * Examples per second of online learning (batch 1, plain SGD) through {@link OnlineLearner#learn}, one network
 * learning on through the data from one call to the next (the harness's first call is the warm-up).
 */
final class OnlineThroughput {

    private final Dataset data;
    private final OnlineLearner learner;
    private final float[] x;
    private int next;

    OnlineThroughput(Dataset data, String topology, String rule) {
        this.data = data;
        Network net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        learner = new OnlineLearner(net, r, new Sgd(1e-2, 0, false), Loss.BCE, 1, 3);
        x = new float[data.exampleSize()];
    }

    /** Learns {@code examples} examples and returns examples per second. */
    double samplesPerSecond(int examples) {
        long t0 = System.nanoTime();
        for (int i = 0; i < examples; i++, next = (next + 1) % data.size()) {
            data.copyFeatures(next, x, 0);
            learner.learn(x, data.label(next));
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }
}
