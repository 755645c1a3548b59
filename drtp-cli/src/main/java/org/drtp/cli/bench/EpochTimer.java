package org.drtp.cli.bench;

import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Adam;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.train.TrainingStep;

/**
 * Training epochs of several rules on one topology, each rule's network kept from epoch to epoch, timed one at a
 * time: the harness alternates them (rule A, rule B, rule A, ..., and the peer's epochs between them with
 * {@code --peer}) after a warm-up epoch each, so that a noisy neighbour affects them alike. Training passes only
 * (no evaluation), as the same {@link TrainingStep} the trainer uses, Adam, shuffled batches.
 */
final class EpochTimer {

    private final TrainingStep[] steps;
    private final Batches batches;

    /** One network per rule id, in order, trained by {@link #epoch}. */
    EpochTimer(Dataset data, String topology, List<String> rules, int batch) {
        steps = new TrainingStep[rules.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = step(build(topology, data), rules.get(i), new Adam(5e-4), batch);
        }
        batches = new Batches(data, batch, 4);
    }

    /** Trains one epoch of rule {@code i} and returns its seconds. */
    double epoch(int i) {
        return batches.epoch(steps[i]);
    }

    /** The network every bench measurement of {@code topology} starts from (seed 1). */
    static Network build(String topology, Dataset data) {
        return Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
    }

    /** The training step the trainer would run: {@code rule} on {@code net}, BCE, {@code optimizer} initialised. */
    static TrainingStep step(Network net, String rule, Optimizer optimizer, int batch) {
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        optimizer.init(net.parameters());
        return new TrainingStep(net, r, optimizer, Loss.BCE, batch, new Rng(3), false);
    }

    /** Shuffled mini-batches of a dataset, gathered into reused arrays. */
    static final class Batches {
        private final Dataset data;
        private final int batch;
        private final float[] x;
        private final float[] t;
        private final int[] labels;
        private final int[] order;
        private final Rng rng;

        /** Batches per epoch. */
        int count() {
            return (order.length + batch - 1) / batch;
        }

        Batches(Dataset data, int batch, long seed) {
            this.data = data;
            this.batch = batch;
            this.x = new float[batch * data.exampleSize()];
            this.t = new float[batch * data.targetSize()];
            this.labels = new int[batch];
            this.order = new int[data.size()];
            this.rng = new Rng(seed);
        }

        /** Trains one epoch and returns its seconds. */
        double epoch(TrainingStep step) {
            return batches(step, Integer.MAX_VALUE);
        }

        /** Trains at most {@code limit} batches of a fresh shuffle and returns their seconds. */
        double batches(TrainingStep step, int limit) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            int d = data.exampleSize();
            int c = data.targetSize();
            long t0 = System.nanoTime();
            for (int start = 0, b = 0; start < order.length && b < limit; start += batch, b++) {
                int m = Math.min(batch, order.length - start);
                for (int i = 0; i < m; i++) {
                    int idx = order[start + i];
                    data.copyFeatures(idx, x, i * d);
                    data.copyTarget(idx, t, i * c);
                    labels[i] = data.label(idx);
                }
                step.run(x, t, labels, m);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
