package org.drtp.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drtp.data.Dataset;
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
        // The checks are the table's (Settings); the rule and optimizer come out as their ids (case normalised).
        trainMode = Settings.TRAIN_MODE.parse(trainMode);
        optimizer = Settings.OPTIMIZER.parse(optimizer);
        Settings.LR.parse(lr);
        Settings.EPOCHS.parse(epochs);
        Settings.BATCH_SIZE.parse(batchSize);
        Settings.TRIALS.parse(trials);
        try {
            loss.checkOutputActivation(network.outputActivation());
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(Settings.LOSS.key() + "/" + Settings.OUTPUT_ACT.key(), e.problem());
        }
    }

    /** The paper's MNIST protocol for a topology and rule: Adam, BCE, batch 60, 100 epochs, 1 trial, seed 42. */
    public static RunConfig paperDefaults(String topology, String trainMode, double lr) {
        return builder().set(Settings.TOPOLOGY, Topology.parse(topology)).set(Settings.TRAIN_MODE, trainMode)
                .set(Settings.LR, lr).build();
    }

    /** Every setting at its default ({@link Settings}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        Settings.ALL.forEach(s -> b.copy(s, this));
        return b;
    }

    /** The value of one setting. */
    public <T> T get(Setting<T> s) {
        return s.of(this);
    }

    /** This configuration with one setting changed. */
    public <T> RunConfig with(Setting<T> s, T value) {
        return toBuilder().set(s, value).build();
    }

    public RunConfig withEpochs(int e) {
        return with(Settings.EPOCHS, e);
    }

    public RunConfig withTrials(int t) {
        return with(Settings.TRIALS, t);
    }

    public RunConfig withSeed(long s) {
        return with(Settings.SEED, s);
    }

    public RunConfig withTrainMode(String mode, double learningRate) {
        return toBuilder().set(Settings.TRAIN_MODE, mode).set(Settings.LR, learningRate).build();
    }

    public RunConfig withAugmentation(Augmentation a) {
        return with(Settings.AUGMENT, a);
    }

    public RunConfig withEarlyStopping(EarlyStopping e) {
        return new RunConfig(topology, trainMode, optimizer, lr, loss, epochs, batchSize, trials, seed, network,
                freezeConvLayers, augmentation, e);
    }

    /** Every setting's plain value (String, number or boolean) by key, in the table's order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> m.put(s.key(), plain(s)));
        return m;
    }

    /** The plain value of one setting. */
    public <T> Object plain(Setting<T> s) {
        return s.raw(s.of(this));
    }

    /**
     * Settings one at a time, each checked by the table as it is set; {@link #build} checks the settings that
     * only fail together (loss and output activation).
     */
    public static final class Builder {
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

        private Builder() {
            Settings.ALL.forEach(s -> values.put(s, s.defaultValue()));
        }

        public <T> Builder set(Setting<T> s, T value) {
            values.put(s, s.parse(s.raw(value)));
            return this;
        }

        /** Sets a setting from its plain value (a String, number or boolean, as a flag or a grid file gives it). */
        public Builder setPlain(Setting<?> s, Object plain) {
            values.put(s, s.parse(plain));
            return this;
        }

        private <T> void copy(Setting<T> s, RunConfig c) {
            values.put(s, s.of(c));
        }

        @SuppressWarnings("unchecked")
        private <T> T get(Setting<T> s) {
            return (T) values.get(s);
        }

        public RunConfig build() {
            NetworkOptions net = new NetworkOptions(get(Settings.HIDDEN_ACT), get(Settings.OUTPUT_ACT),
                    get(Settings.CONV_ACT), get(Settings.DROPOUT), get(Settings.FC_ZERO_INIT));
            int patience = get(Settings.EARLY_STOP_PATIENCE);
            // Off, the monitor and split are those of EarlyStopping.NONE; on the test set, the split is unused.
            EarlyStopping stopping = patience == 0 ? EarlyStopping.NONE
                    : get(Settings.EARLY_STOP_ON) == EarlyStopping.Monitor.TEST ? EarlyStopping.onTest(patience)
                    : EarlyStopping.onValidation(patience, get(Settings.VALIDATION_SPLIT));
            return new RunConfig(get(Settings.TOPOLOGY), get(Settings.TRAIN_MODE), get(Settings.OPTIMIZER),
                    get(Settings.LR), get(Settings.LOSS), get(Settings.EPOCHS), get(Settings.BATCH_SIZE),
                    get(Settings.TRIALS), get(Settings.SEED), net, get(Settings.FREEZE_CONV_LAYERS),
                    get(Settings.AUGMENT), stopping);
        }
    }

    /**
     * Throws when the topology's output layer does not have one unit per class (or target) of {@code train}, the
     * data set {@code dataset} trains on; called before any training.
     */
    public void checkFits(Dataset train, String dataset) {
        Trainer.checkOutputs(topology, Network.outputUnits(topology, train.exampleShape()), train, dataset);
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
        Optimizer opt = Optimizers.create(optimizer, lr);
        Trainer.Builder b = Trainer.builder().epochs(epochs).batchSize(batchSize).seed(seed).augmentation(augmentation)
                .checkpoints(checkpoints).evaluateTrainSet(evaluateTrainSet).earlyStopping(earlyStopping);
        listeners.forEach(b::listener);
        TrainingResult result = b.build().fit(net, LearningRules.create(trainMode), opt, loss, data, trial);
        return new TrialOutcome(net, result.rule(), opt, result);
    }

    /**
     * Identifies the settings that determine a run's numbers (checkpoints refuse to resume across a change):
     * {@code dataset=D} then {@code key=text} of each setting whose {@link Setting#fingerprint} policy includes it,
     * in the table's order. The epoch count is not part of it: a finished run can be resumed with more epochs.
     */
    public String fingerprint(String dataset) {
        StringBuilder sb = new StringBuilder("dataset=").append(dataset);
        for (Setting<?> s : Settings.ALL) {
            if (s.fingerprint() == Setting.Fingerprint.ALWAYS
                    || s.fingerprint() == Setting.Fingerprint.UNLESS_DEFAULT && !s.isDefault(this)) {
                sb.append(' ').append(s.key()).append('=').append(plain(s));
            }
        }
        return sb.toString();
    }

    /** A finished trial. */
    public record TrialOutcome(Network network, LearningRule rule, Optimizer optimizer, TrainingResult result) {
    }
}
