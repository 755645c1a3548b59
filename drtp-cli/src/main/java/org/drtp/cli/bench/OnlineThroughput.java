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

/** Examples per second of online learning (batch 1, plain SGD) through {@link OnlineLearner#learn}. */
final class OnlineThroughput {

    private OnlineThroughput() {
    }

    static double samplesPerSecond(Dataset data, String topology, String rule, int warmup, int measured) {
        Network net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        OnlineLearner learner = new OnlineLearner(net, r, new Sgd(1e-2, 0, false), Loss.BCE, 1, 3);
        float[] x = new float[data.exampleSize()];
        for (int i = 0; i < warmup; i++) {
            int k = i % data.size();
            data.copyFeatures(k, x, 0);
            learner.learn(x, data.label(k));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            int k = i % data.size();
            data.copyFeatures(k, x, 0);
            learner.learn(x, data.label(k));
        }
        return measured / ((System.nanoTime() - t0) / 1e9);
    }
}
