package org.drtp.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.train.Setting.Fingerprint;
import org.drtp.train.Setting.Kind;

/**
 * The table of every setting of a run (docs/settings.md): one {@link Setting} per key, in the order manifests,
 * summaries and fingerprints list them. It is the one place that knows a setting's key, flag, default, check and
 * text; {@code drtp train}'s flags, grid files, manifests, summaries and checkpoint fingerprints are made from it.
 * Adding a setting is one entry here, its component in {@link RunConfig} (and {@link RunConfig.Builder#build}),
 * and its use.
 */
public final class Settings {

    private Settings() {
    }

    public static final Setting<Topology> TOPOLOGY = Setting.of("topology", "--topology", "LAYERS", "FC_500_FC_500_FC_10",
            Kind.TEXT, "Topology", "Network as the reference writes it, e.g. FC_500_FC_500_FC_10 (default), FC_1000_FC_10,"
                    + " CONV_32_5_1_2_FC_1000_FC_10 (CONV_{channels}_{kernel}_{stride}_{padding}, each followed by 2x2"
                    + " max-pooling with stride 2).",
            Topology::parse, Topology::toString, RunConfig::topology);

    public static final Setting<String> TRAIN_MODE = Setting.of("train_mode", "--train-mode", "RULE", "drtp", Kind.TEXT,
            "Rule", "Learning rule: " + String.join(", ", LearningRules.IDS).replace("drtp", "drtp (default)")
                    + ". Case-insensitive.",
            (String s) -> LearningRules.create(s).id(), s -> s, RunConfig::trainMode);

    // Its own id: the reference's spelling SGD is momentum 0.9, never plain sgd (docs/semantics.md).
    public static final Setting<String> OPTIMIZER = Setting.of("optimizer", "--optimizer", "NAME", "adam", Kind.TEXT,
            "Optimizer", "adam (default), sgd (plain), momentum (SGD with momentum 0.9), nag, rmsprop; the reference's"
                    + " spellings mean what they mean there: SGD is momentum 0.9, NAG, Adam, RMSprop.",
            (String s) -> Optimizers.create(s, 1e-3).id(), s -> s, RunConfig::optimizer);

    public static final Setting<Double> LR = Setting.of("lr", "--lr", "RATE", "5e-4", Kind.DOUBLE, "lr",
            "Learning rate (default 5e-4).", (Double v) -> {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw problem("expected a positive number, got " + v);
                }
                return v;
            }, v -> v, RunConfig::lr);

    public static final Setting<Loss> LOSS = Setting.of("loss", "--loss", "NAME", "bce", Kind.TEXT, "Loss",
            "bce (default; needs sigmoid outputs), ce (softmax cross-entropy on the outputs), mse.",
            Loss::fromId, Loss::id, RunConfig::loss);

    public static final Setting<Integer> EPOCHS = Setting.of("epochs", "--epochs", "N", "100", Kind.INT, "Epochs",
            "Training epochs (default 100).", Settings::positive, v -> v, RunConfig::epochs)
            .fingerprint(Fingerprint.NEVER); // a finished run may be resumed with more epochs

    public static final Setting<Integer> BATCH_SIZE = Setting.of("batch_size", "--batch-size", "N", "60", Kind.INT, "Batch",
            "Training batch size (default 60).", Settings::positive, v -> v, RunConfig::batchSize);

    public static final Setting<Integer> TRIALS = Setting.of("trials", "--trials", "N", "1", Kind.INT, "Trials",
            "Independent trials (new weights, feedback and shuffling each; default 1).", Settings::positive, v -> v,
            RunConfig::trials).fingerprint(Fingerprint.NEVER); // each trial has its own checkpoint

    public static final Setting<Long> SEED = Setting.of("seed", "--seed", "N", "42", Kind.LONG, "Seed",
            "Master random seed (default 42).", (Long v) -> v, v -> v, RunConfig::seed);

    public static final Setting<Activation> HIDDEN_ACT = Setting.of("hidden_act", "--hidden-act", "FN", "tanh", Kind.TEXT,
            "Hidden act.", "Hidden FC activation: tanh (default), sigmoid, relu.",
            (String s) -> oneOf(s, Activation.TANH, Activation.SIGMOID, Activation.RELU), Activation::id,
            c -> c.network().hiddenActivation());

    public static final Setting<Activation> OUTPUT_ACT = Setting.of("output_act", "--output-act", "FN", "sigmoid", Kind.TEXT,
            "Output act.", "Output activation: sigmoid (default), none, tanh.",
            (String s) -> oneOf(s, Activation.SIGMOID, Activation.NONE, Activation.TANH), Activation::id,
            c -> c.network().outputActivation());

    public static final Setting<Activation> CONV_ACT = Setting.of("conv_act", "--conv-act", "FN", "tanh", Kind.TEXT,
            "Conv act.", "Convolution activation: tanh (default), sigmoid, relu.",
            (String s) -> oneOf(s, Activation.TANH, Activation.SIGMOID, Activation.RELU), Activation::id,
            c -> c.network().convActivation());

    public static final Setting<Float> DROPOUT = Setting.of("dropout", "--dropout", "P", "0", Kind.FLOAT, "Dropout",
            "Dropout probability on the input of every FC layer (default 0).",
            (Float p) -> NetworkOptions.defaults().withDropout(p).dropout(), p -> p, c -> c.network().dropout());

    public static final Setting<Boolean> FC_ZERO_INIT = Setting.of("fc_zero_init", "--fc-zero-init", null, "false",
            Kind.FLAG, "Zero init", "Initialise FC weights to zero instead of PyTorch's default.", (Boolean b) -> b,
            b -> b, c -> c.network().fcZeroInit());

    public static final Setting<Boolean> FREEZE_CONV_LAYERS = Setting.of("freeze_conv_layers", "--freeze-conv-layers", null,
            "false", Kind.FLAG, "Frozen conv", "Keep convolution kernels at their random initial values (the paper's"
                    + " CONV (random) rows); the FC layers still learn with the chosen rule.",
            (Boolean b) -> b, b -> b, RunConfig::freezeConvLayers);

    public static final Setting<Augmentation> AUGMENT = Setting.of("augment", "--augment", "KIND", "none", Kind.TEXT,
            "Augment", "Augmentation of training batches: none (default), flip (random horizontal flip with probability"
                    + " 0.5, the paper's DA for CIFAR-10). Never applied to evaluation data.",
            Augmentation::fromId, Augmentation::id, RunConfig::augmentation)
            .fingerprint(Fingerprint.UNLESS_DEFAULT); // added after checkpoints existed

    public static final Setting<Integer> EARLY_STOP_PATIENCE = Setting.of("early_stop_patience", "--early-stop-patience",
            "N", "0", Kind.INT, "Patience", "Stop a trial once its monitored error (loss for regression) has not improved"
                    + " for N epochs (default 0: never). It monitors a validation split held out of the training set"
                    + " (--validation-split).", (Integer n) -> {
                if (n < 0) {
                    throw problem("expected a number of epochs >= 0, got " + n);
                }
                return n;
            }, n -> n, c -> c.earlyStopping().patience())
            .fingerprint(Fingerprint.NEVER).legacyGridKey("patience");

    public static final Setting<EarlyStopping.Monitor> EARLY_STOP_ON = Setting.of("early_stop_on", "--early-stop-on", "SET",
            "validation", Kind.TEXT, "Early stop on", "What --early-stop-patience monitors: validation (default) or test"
                    + " (the test error itself, which lets the test set choose the stopping epoch and flatters the result).",
            EarlyStopping.Monitor::fromId, EarlyStopping.Monitor::id, c -> c.earlyStopping().monitor())
            .fingerprint(Fingerprint.NEVER);

    public static final Setting<Double> VALIDATION_SPLIT = Setting.of("validation_split", "--validation-split", "F", "0.1",
            Kind.DOUBLE, "Validation split", "Share of the training examples held out (never trained on) for"
                    + " --early-stop-patience (default 0.1; drawn from the seed's 'validation' stream, the same examples"
                    + " for every trial).", (Double f) -> {
                if (!(f > 0 && f < 1)) {
                    throw problem("expected a fraction in (0, 1), got " + f);
                }
                return f;
            }, f -> f, c -> c.earlyStopping().validationFraction())
            .fingerprint(Fingerprint.NEVER);

    /** Every setting, in the order manifests, summaries and fingerprints write them. */
    public static final List<Setting<?>> ALL = List.of(TOPOLOGY, TRAIN_MODE, OPTIMIZER, LR, LOSS, EPOCHS, BATCH_SIZE, TRIALS,
            SEED, HIDDEN_ACT, OUTPUT_ACT, CONV_ACT, DROPOUT, FC_ZERO_INIT, FREEZE_CONV_LAYERS, AUGMENT, EARLY_STOP_PATIENCE,
            EARLY_STOP_ON, VALIDATION_SPLIT);

    private static final Map<String, Setting<?>> BY_KEY = ALL.stream()
            .collect(Collectors.toMap(Setting::key, s -> s, (a, b) -> a, LinkedHashMap::new));

    /** The setting of a key, or null. */
    public static Setting<?> byKey(String key) {
        return BY_KEY.get(key);
    }

    private static InvalidSettingException problem(String p) {
        return new InvalidSettingException(null, p);
    }

    private static Integer positive(Integer v) {
        if (v <= 0) {
            throw problem("expected a positive integer, got " + v);
        }
        return v;
    }

    /** An activation id that must be one of {@code allowed}; the message lists the choices. */
    private static Activation oneOf(String value, Activation... allowed) {
        for (Activation a : allowed) {
            if (a.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return a;
            }
        }
        throw problem("unknown activation '" + value + "', expected one of "
                + Arrays.stream(allowed).map(Activation::id).collect(Collectors.joining(", ")));
    }
}
