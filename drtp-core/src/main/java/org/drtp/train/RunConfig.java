package org.drtp.train;

import java.util.List;
import java.util.Objects;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizer;
import org.drtp.optim.Optimizers;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;

/**
 * Everything that defines a training run, as the reference's command line does: topology, rule
 * ({@code trainMode}), optimizer, learning rate, loss, epochs, batch size, trials, seed, network options,
 * frozen conv layers, augmentation of training data, early stopping. Checked on construction, so a bad value fails before
 * any data is loaded.
 */
public record RunConfig(Topology topology, String trainMode, String optimizer, double lr, Loss loss, int epochs,
                        int batchSize, int trials, long seed, NetworkOptions network, boolean freezeConvLayers,
                        Augmentation augmentation, EarlyStopping earlyStopping) {

    /** A run without early stopping. */
    public RunConfig(Topology topology, String trainMode, String optimizer, double lr, Loss loss, int epochs,
                     int batchSize, int trials, long seed, NetworkOptions network, boolean freezeConvLayers,
                     Augmentation augmentation) {
        this(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, seed, network, freezeConvLayers,
                augmentation, EarlyStopping.NONE);
    }

    /** A run without data augmentation. */
    public RunConfig(Topology topology, String trainMode, String optimizer, double lr, Loss loss, int epochs,
                     int batchSize, int trials, long seed, NetworkOptions network, boolean freezeConvLayers) {
        this(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, seed, network, freezeConvLayers,
                Augmentation.NONE);
    }

    public RunConfig {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(network, "network");
        trainMode = LearningRules.create(trainMode).id(); // validates and normalises case
        optimizer = Optimizers.create(optimizer, lr).id();
        if (epochs <= 0) {
            throw new InvalidSettingException("epochs", "must be a positive integer, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new InvalidSettingException("batch_size", "must be a positive integer, got " + batchSize);
        }
        if (trials <= 0) {
            throw new InvalidSettingException("trials", "must be a positive integer, got " + trials);
        }
        loss.checkOutputActivation(network.outputActivation());
    }

    /** The paper's MNIST protocol for a topology and rule: Adam, BCE, batch 60, 100 epochs, 1 trial, seed 42. */
    public static RunConfig paperDefaults(String topology, String trainMode, double lr) {
        return new RunConfig(Topology.parse(topology), trainMode, "adam", lr, Loss.BCE, 100, 60, 1, 42,
                NetworkOptions.defaults(), false);
    }

    public RunConfig withEpochs(int e) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, e, batchSize, trials, seed, network,
                freezeConvLayers, augmentation, earlyStopping);
    }

    public RunConfig withTrials(int t) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, epochs, batchSize, t, seed, network,
                freezeConvLayers, augmentation, earlyStopping);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, s, network,
                freezeConvLayers, augmentation, earlyStopping);
    }

    public RunConfig withTrainMode(String mode, double learningRate) {
        return new RunConfig(topology, mode, optimizer, learningRate, loss, epochs, batchSize, trials, seed, network,
                freezeConvLayers, augmentation, earlyStopping);
    }

    public RunConfig withAugmentation(Augmentation a) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, seed, network,
                freezeConvLayers, a, earlyStopping);
    }

    public RunConfig withEarlyStopping(EarlyStopping e) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, seed, network,
                freezeConvLayers, augmentation, e);
    }

    /** Builds the trial's network with its own initial weights ("init" stream of the seed). */
    public Network buildNetwork(TrainTest data, int trial) {
        Network net = Network.build(topology, data.train().exampleShape(), network, Rng.forComponent(seed, trial, RandomStream.INIT));
        if (freezeConvLayers) {
            net.setConvLayersFrozen(true);
        }
        return net;
    }

    /** Runs trial {@code trial} (0-based) and returns the trained network, its rule and its history. */
    public TrialOutcome runTrial(TrainTest data, int trial, List<TrainingListener> listeners) {
        return runTrial(data, trial, listeners, null);
    }

    /** As {@link #runTrial(TrainTest, int, List)}, checkpointing every epoch to (and resuming from) {@code checkpoints}. */
    public TrialOutcome runTrial(TrainTest data, int trial, List<TrainingListener> listeners, Checkpoints checkpoints) {
        return runTrial(data, trial, listeners, checkpoints, true);
    }

    /**
     * As {@link #runTrial(TrainTest, int, List, Checkpoints)}; {@code evaluateTrainSet} false skips the
     * inference pass over the whole training set after each epoch (train loss and error are then NaN), which
     * sweeps that only report test figures do not need.
     */
    public TrialOutcome runTrial(TrainTest data, int trial, List<TrainingListener> listeners, Checkpoints checkpoints,
                                 boolean evaluateTrainSet) {
        Network net = buildNetwork(data, trial);
        LearningRule rule = LearningRules.create(trainMode);
        Optimizer opt = Optimizers.create(optimizer, lr);
        Trainer.Builder b = Trainer.builder().epochs(epochs).batchSize(batchSize).seed(seed).augmentation(augmentation)
                .checkpoints(checkpoints).evaluateTrainSet(evaluateTrainSet).earlyStopping(earlyStopping);
        listeners.forEach(b::listener);
        TrainingResult result = b.build().fit(net, rule, opt, loss, data, trial);
        return new TrialOutcome(net, rule, opt, result);
    }

    /**
     * Identifies the settings that determine a run's numbers (checkpoints refuse to resume across a change).
     * The epoch count is not part of it: a finished run can be resumed with more epochs.
     */
    public String fingerprint(String dataset) {
        return "dataset=" + dataset + " topology=" + topology + " train_mode=" + trainMode + " optimizer=" + optimizer
                + " lr=" + lr + " loss=" + loss.id() + " batch_size=" + batchSize + " seed=" + seed
                + " hidden_act=" + network.hiddenActivation().id() + " output_act=" + network.outputActivation().id()
                + " conv_act=" + network.convActivation().id() + " dropout=" + network.dropout() + " fc_zero_init="
                + network.fcZeroInit() + " freeze_conv_layers=" + freezeConvLayers
                + (augmentation == Augmentation.NONE ? "" : " augment=" + augmentation.id());
    }

    /** A finished trial. */
    public record TrialOutcome(Network network, LearningRule rule, Optimizer optimizer, TrainingResult result) {
    }
}
