package org.drtp.train;

import java.util.ArrayList;
import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;

/**
 * The epoch and batch loop: shuffle, train batch by batch with a {@link TrainingStep}, evaluate, tell the
 * listeners. Randomness comes from the seed, split per trial and per component ("feedback", "shuffle",
 * "dropout", "augment"), so the same seed and thread count give the same run. Training batches may be
 * augmented ({@link Augmentation}); evaluation data never is.
 */
public final class Trainer {

    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean evaluateTrainSet;
    private final Augmentation augmentation;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.augmentation = b.augmentation;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.evaluateTrainSet = b.evaluateTrainSet;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code net} with {@code rule} for the configured epochs; {@code trial} selects the random
     * streams (trial t of a multi-trial experiment). The rule is initialised here (its feedback matrices
     * drawn) and the optimizer initialised on the network's parameters.
     */
    public TrainingResult fit(Network net, LearningRule rule, Optimizer optimizer, Loss loss, TrainTest data, int trial) {
        Dataset train = data.train();
        checkCompatible(net, train);
        rule.initialise(net, Rng.forComponent(seed, trial, "feedback"));
        optimizer.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, optimizer, loss, batchSize,
                Rng.forComponent(seed, trial, "dropout"), false);
        Rng shuffle = Rng.forComponent(seed, trial, "shuffle");
        BatchLoader loader = new BatchLoader(train, batchSize, augmentation, Rng.forComponent(seed, trial, "augment"));
        Inference inference = new Inference(net, Evaluation.BATCH);
        int[] order = BatchLoader.identity(train.size());
        int batches = loader.batchesPerEpoch();
        listeners.forEach(l -> l.onTrainingStart(trial, epochs, batches));
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle.shuffle(order);
            long t0 = System.nanoTime();
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int n = loader.load(order, b);
                double value = step.run(loader.x(), loader.targets(), loader.labels(), n);
                lossSum += value;
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(trial, epoch, b + 1, batches, value);
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            Evaluation tr = evaluateTrainSet ? Evaluation.of(inference, net, train, loss) : null;
            Evaluation te = Evaluation.of(inference, net, data.test(), loss);
            double evalSeconds = (System.nanoTime() - t1) / 1e9;
            EpochMetrics m = new EpochMetrics(trial, epoch, tr == null ? Double.NaN : tr.loss(),
                    tr == null ? Double.NaN : tr.errorPercent(), te.loss(), te.errorPercent(), lossSum / batches,
                    trainSeconds, evalSeconds);
            history.add(m);
            listeners.forEach(l -> l.onEpochEnd(m));
        }
        TrainingResult result = new TrainingResult(trial, history);
        listeners.forEach(l -> l.onTrainingEnd(result));
        return result;
    }

    static void checkCompatible(Network net, Dataset data) {
        if (data.exampleSize() != net.inputShape().size()) {
            throw new IllegalArgumentException("network expects inputs of " + net.inputShape() + " ("
                    + net.inputShape().size() + " values) but dataset " + data.name() + " has examples of "
                    + data.exampleShape() + " (" + data.exampleSize() + " values)");
        }
        if (data.targetSize() != net.outputSize()) {
            throw new IllegalArgumentException("the output layer has " + net.outputSize() + " units but dataset "
                    + data.name() + " has " + data.targetSize() + (data.isClassification() ? " classes" : " targets")
                    + ": end the topology with FC_" + data.targetSize());
        }
    }

    /** Configuration of a {@link Trainer}; defaults are the paper's MNIST protocol (100 epochs, batch 60). */
    public static final class Builder {
        private int epochs = 100;
        private int batchSize = 60;
        private long seed = 42;
        private boolean evaluateTrainSet = true;
        private Augmentation augmentation = Augmentation.NONE;
        private final List<TrainingListener> listeners = new ArrayList<>();

        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to evaluate the whole training set after each epoch (reference behaviour; default true). */
        public Builder evaluateTrainSet(boolean on) {
            this.evaluateTrainSet = on;
            return this;
        }

        /** Augmentation of training batches (default none). */
        public Builder augmentation(Augmentation a) {
            this.augmentation = java.util.Objects.requireNonNull(a, "augmentation");
            return this;
        }

        public Builder listener(TrainingListener l) {
            listeners.add(l);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
