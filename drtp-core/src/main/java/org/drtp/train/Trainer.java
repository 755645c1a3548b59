package org.drtp.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizer;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;

/**
 * The epoch and batch loop: shuffle, train batch by batch with a {@link TrainingStep}, evaluate, tell the
 * listeners. Randomness comes from the seed, split per trial and per component ("feedback", "shuffle",
 * "dropout", "augment"), so the same seed and thread count give the same run. Training batches may be
 * augmented ({@link Augmentation}); evaluation data never is. A non-finite loss or weight stops training
 * with a {@link TrainingDivergedException} naming the epoch and layer; with {@link Builder#checkpoints} every
 * epoch is checkpointed and a rerun resumes from the last one. With {@link Builder#earlyStopping} a trial ends
 * once its monitored error stops improving (a validation split is then held out of the training set first).
 */
public final class Trainer {

    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean evaluateTrainSet;
    private final Augmentation augmentation;
    private final List<TrainingListener> listeners;
    private final Checkpoints checkpoints;
    private final EarlyStopping earlyStopping;

    private Trainer(Builder b) {
        this.earlyStopping = b.earlyStopping;
        this.augmentation = b.augmentation;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.evaluateTrainSet = b.evaluateTrainSet;
        this.listeners = List.copyOf(b.listeners);
        this.checkpoints = b.checkpoints;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code net} with {@code rule} for the configured epochs; {@code trial} selects the random
     * streams (trial t of a multi-trial experiment). {@code rule} says which rule: the trainer binds a rule of
     * its own of that kind ({@link LearningRule#unbound}) to the network and draws its feedback matrices, so
     * {@code rule} itself is left untouched; the trained rule is {@link TrainingResult#rule}. The optimizer is
     * initialised on the network's parameters, and the network is trained in place.
     */
    public TrainingResult fit(Network net, LearningRule ruleKind, Optimizer optimizer, Loss loss, TrainTest data, int trial) {
        LearningRule rule = ruleKind.unbound();
        Dataset train = data.train();
        checkCompatible(net, train);
        Dataset validation = null;
        if (earlyStopping.holdsOutValidation()) {
            EarlyStopping.Split split = earlyStopping.split(train, seed);
            train = split.fit();
            validation = split.validation();
        }
        EarlyStopping.Tracker tracker = earlyStopping.enabled() ? new EarlyStopping.Tracker(earlyStopping.patience()) : null;
        TrainingResult.EarlyStop stop = null;
        rule.initialise(net, Rng.forComponent(seed, trial, RandomStream.FEEDBACK));
        optimizer.init(net.parameters());
        Rng dropout = Rng.forComponent(seed, trial, RandomStream.DROPOUT);
        Rng shuffle = Rng.forComponent(seed, trial, RandomStream.SHUFFLE);
        Map<String, Rng> rngs = new LinkedHashMap<>();
        rngs.put("shuffle", shuffle);
        rngs.put("dropout", dropout);
        Rng augment = Rng.forComponent(seed, trial, RandomStream.AUGMENT);
        if (augmentation != Augmentation.NONE) {
            rngs.put("augment", augment); // checkpointed only when used, so that older checkpoints still resume
        }
        TrainingStep step = new TrainingStep(net, rule, optimizer, loss, batchSize, dropout, false);
        BatchLoader loader = new BatchLoader(train, batchSize, augmentation, augment);
        Inference inference = new Inference(net, Evaluation.BATCH);
        int[] order = new int[train.size()];
        int batches = loader.batchesPerEpoch();
        List<EpochMetrics> history = new ArrayList<>();
        Checkpoints.Restored restored = checkpoints == null ? null : checkpoints.restore(trial, net, rule, optimizer, rngs);
        if (restored != null && restored.epoch() > epochs) {
            // Continuing cannot undo epochs: reporting them as a shorter run would label the wrong figures.
            throw new IllegalArgumentException("the checkpoint of trial " + (trial + 1) + " in " + checkpoints.dir()
                    + " has " + restored.epoch() + " epochs done, more than the " + epochs + " asked for: resume with "
                    + restored.epoch() + " or more epochs");
        }
        int firstEpoch = 1;
        listeners.forEach(l -> l.onTrainingStart(trial, epochs, batches));
        listeners.forEach(l -> l.onStepCreated(trial, step, net, rule, loss));
        if (restored != null) {
            history.addAll(restored.history());
            firstEpoch = restored.epoch() + 1;
            listeners.forEach(l -> l.onResume(trial, restored.history()));
        }
        for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
            // A fresh permutation each epoch (as torch's RandomSampler): the shuffle stream alone is the state.
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle.shuffle(order);
            long t0 = System.nanoTime();
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int n = loader.load(order, b);
                for (TrainingListener l : listeners) {
                    l.beforeBatch(trial, epoch, b + 1, loader.x(), loader.targets(), loader.labels(), n);
                }
                double value = step.run(loader.x(), loader.targets(), loader.labels(), n);
                if (!Double.isFinite(value)) {
                    Divergence.checkLoss(value, net, "trial " + (trial + 1) + ", epoch " + epoch + ", batch " + (b + 1));
                }
                lossSum += value;
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(trial, epoch, b + 1, batches, value);
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Divergence.checkWeights(net, trial, epoch);
            long t1 = System.nanoTime();
            Evaluation tr = evaluateTrainSet ? Evaluation.of(inference, net, train, loss) : null;
            Evaluation te = Evaluation.of(inference, net, data.test(), loss);
            double evalSeconds = (System.nanoTime() - t1) / 1e9;
            EpochMetrics m = new EpochMetrics(trial, epoch, tr == null ? Double.NaN : tr.loss(),
                    tr == null ? Double.NaN : tr.errorPercent(), te.loss(), te.errorPercent(), lossSum / batches,
                    trainSeconds, evalSeconds);
            history.add(m);
            if (checkpoints != null) {
                checkpoints.save(trial, epoch, net, rule, optimizer, rngs, history);
            }
            listeners.forEach(l -> l.onEpochEnd(m));
            if (tracker != null) {
                Evaluation monitored = validation == null ? te : Evaluation.of(inference, net, validation, loss);
                double v = Double.isNaN(monitored.errorPercent()) ? monitored.loss() : monitored.errorPercent();
                if (tracker.stopAfter(epoch, v) && epoch < epochs) {
                    stop = new TrainingResult.EarlyStop(epoch, earlyStopping.monitor(), tracker.bestEpoch(), tracker.best(),
                            earlyStopping.patience());
                    break;
                }
            }
        }
        TrainingResult result = new TrainingResult(trial, history, stop, rule);
        listeners.forEach(l -> l.onTrainingEnd(result));
        return result;
    }

    static void checkCompatible(Network net, Dataset data) {
        if (data.exampleSize() != net.inputShape().size()) {
            throw new InvalidSettingException("network expects inputs of " + net.inputShape() + " ("
                    + net.inputShape().size() + " values) but dataset " + data.name() + " has examples of "
                    + data.exampleShape() + " (" + data.exampleSize() + " values)");
        }
        checkOutputs(net.topology(), net.outputSize(), data, data.name());
    }

    /**
     * Throws unless the output layer of {@code topology}, {@code units} units, has one per class (or target) of
     * {@code data}; public for the commands that draw a network for a data set of their own (device-demo).
     */
    public static void checkOutputs(Topology topology, int units, Dataset data, String dataset) {
        if (data.targetSize() != units) {
            throw new InvalidSettingException("topology", "topology '" + topology + "': the output layer has " + units
                    + " units but dataset "
                    + dataset + " has " + data.targetSize() + (data.isClassification() ? " classes" : " targets")
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
        private Checkpoints checkpoints;
        private EarlyStopping earlyStopping = EarlyStopping.NONE;

        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new InvalidSettingException("epochs", "must be positive, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new InvalidSettingException("batch_size", "must be positive, got " + batchSize);
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

        /**
         * Saves a checkpoint after every epoch into {@code c}, and resumes from the one found there, if any
         * (weights, feedback, optimizer and random states, metrics).
         */
        public Builder checkpoints(Checkpoints c) {
            this.checkpoints = c;
            return this;
        }

        /**
         * Stops a trial once the monitored error has not improved for the setting's patience (default
         * {@link EarlyStopping#NONE}). Not combinable with checkpoints: the monitored history is not checkpointed.
         */
        public Builder earlyStopping(EarlyStopping e) {
            this.earlyStopping = java.util.Objects.requireNonNull(e, "earlyStopping");
            return this;
        }

        public Builder listener(TrainingListener l) {
            listeners.add(l);
            return this;
        }

        public Trainer build() {
            if (earlyStopping.enabled() && checkpoints != null) {
                throw new InvalidSettingException("early stopping cannot be combined with checkpoints: the errors it"
                        + " compares are not checkpointed, so a resumed run could not continue it");
            }
            return new Trainer(this);
        }
    }
}
