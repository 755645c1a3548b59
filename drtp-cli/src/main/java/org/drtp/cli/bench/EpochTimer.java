package org.drtp.cli.bench;

import java.util.ArrayList;
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
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * Seconds per training epoch of several rules measured side by side: after a warm-up epoch each, the rules'
 * epochs alternate (rule A, rule B, rule A, ...) so that a noisy neighbour affects them alike; the median of
 * the measured epochs is reported. Training passes only (no evaluation), as the same {@link TrainingStep} the
 * trainer uses, Adam, shuffled batches.
 */
final class EpochTimer {

    private EpochTimer() {
    }

    /** Median seconds per epoch for each rule id, in order. */
    static double[] medianEpochSeconds(Dataset data, String topology, List<String> rules, int batch, int epochs) {
        int n = rules.size();
        TrainingStep[] steps = new TrainingStep[n];
        for (int i = 0; i < n; i++) {
            steps[i] = step(build(topology, data), rules.get(i), new Adam(5e-4), batch);
        }
        Batches batches = new Batches(data, batch, 4);
        for (TrainingStep s : steps) {
            batches.epoch(s); // warm-up: JIT, page faults, thread pool
        }
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add(new ArrayList<>());
        }
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < n; i++) {
                times.get(i).add(batches.epoch(steps[i]));
            }
        }
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) {
            medians[i] = Statistics.median(times.get(i).stream().mapToDouble(Double::doubleValue).toArray());
        }
        return medians;
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
