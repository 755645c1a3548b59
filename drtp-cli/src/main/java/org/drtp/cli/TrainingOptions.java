package org.drtp.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.drtp.data.DatasetCatalog;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.tensor.Activation;
import org.drtp.train.Augmentation;
import org.drtp.train.EarlyStopping;
import org.drtp.train.RunConfig;
import picocli.CommandLine.Option;

/**
 * The training flags shared by commands, named as the reference implementation's (train-mode, topology,
 * optimizer, lr, ...). Values are validated when turned into a {@link RunConfig}. Every option of the reference's
 * {@code main.py} is accepted with the reference's meaning in its spelling (docs/semantics.md, "Reference command
 * lines"): its dataset names, {@code --optimizer SGD} (momentum 0.9, see {@link Optimizers#create}), and
 * {@code --cpu} and {@code --test-batch-size}, which change nothing here and say so ({@link #notes}).
 */
public final class TrainingOptions {

    /** The reference's {@code --dataset} choices, spelled as there, and drtp's dataset for each. */
    static final Map<String, String> REFERENCE_DATASETS = Map.of("MNIST", "mnist", "CIFAR10", "cifar10",
            "CIFAR10aug", "cifar10", "regression_synth", "synthetic-regression",
            "classification_synth", "synthetic-classification");
    /** The reference's CIFAR-10 with data augmentation: drtp's cifar10 with --augment flip. */
    static final String REFERENCE_CIFAR10_AUG = "CIFAR10aug";
    /** Values only the reference spells so (drtp's own are lower case): a command line using one was written for main.py. */
    static final Set<String> REFERENCE_ONLY_SPELLINGS = Set.of("BP", "FA", "DFA", "DRTP", "sDFA", "SGD", "NAG", "Adam",
            "RMSprop", "MSE", "BCE", "CE", "MNIST", "CIFAR10", "CIFAR10aug", "regression_synth", "classification_synth");
    /** Options whose default in the reference's main.py differs from drtp's: option, main.py's default. */
    static final Map<String, String> REFERENCE_DEFAULTS = new LinkedHashMap<>();

    static {
        REFERENCE_DEFAULTS.put("--dataset", "MNIST");
        REFERENCE_DEFAULTS.put("--topology", "CONV_32_5_1_2_FC_1000_FC_10");
        REFERENCE_DEFAULTS.put("--optimizer", "NAG");
        REFERENCE_DEFAULTS.put("--lr", "1e-4");
        REFERENCE_DEFAULTS.put("--batch-size", "100");
    }

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist-10k",
            description = {"Dataset: mnist-10k (embedded sample, default), mnist, fashion-mnist, cifar10,",
                    "synthetic-regression, synthetic-classification, csv; or as the reference names them: MNIST,",
                    "CIFAR10, CIFAR10aug (cifar10 with --augment flip), regression_synth, classification_synth."})
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the dataset's files (default: the dataset's usual place).")
    Path dataDir;

    @Option(names = "--topology", paramLabel = "LAYERS", defaultValue = "FC_500_FC_500_FC_10",
            description = {"Network as the reference writes it, e.g. FC_500_FC_500_FC_10 (default), FC_1000_FC_10,",
                    "CONV_32_5_1_2_FC_1000_FC_10 (CONV_{channels}_{kernel}_{stride}_{padding},",
                    "each followed by 2x2 max-pooling with stride 2)."})
    String topology;

    @Option(names = "--train-mode", paramLabel = "RULE", defaultValue = "drtp",
            description = "Learning rule: bp, fa, dfa, sdfa, drtp (default), shallow. Case-insensitive.")
    String trainMode;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = {"adam (default), sgd (plain), momentum (SGD with momentum 0.9), nag, rmsprop; the reference's",
                    "spellings mean what they mean there: SGD is momentum 0.9, NAG, Adam, RMSprop."})
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "5e-4", description = "Learning rate (default 5e-4).")
    double lr;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100", description = "Training epochs (default 100).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "60", description = "Training batch size (default 60).")
    int batchSize;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1",
            description = "Independent trials (new weights, feedback and shuffling each; default 1).")
    int trials;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Master random seed (default 42).")
    long seed;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout probability on the input of every FC layer (default 0).")
    float dropout;

    @Option(names = "--fc-zero-init", description = "Initialise FC weights to zero instead of PyTorch's default.")
    boolean fcZeroInit;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "bce",
            description = "bce (default; needs sigmoid outputs), ce (softmax cross-entropy on the outputs), mse.")
    String loss;

    @Option(names = "--hidden-act", paramLabel = "FN", defaultValue = "tanh",
            description = "Hidden FC activation: tanh (default), sigmoid, relu.")
    String hiddenAct;

    @Option(names = "--output-act", paramLabel = "FN", defaultValue = "sigmoid",
            description = "Output activation: sigmoid (default), none, tanh.")
    String outputAct;

    @Option(names = "--conv-act", paramLabel = "FN", defaultValue = "tanh",
            description = "Convolution activation: tanh (default), sigmoid, relu.")
    String convAct;

    @Option(names = "--freeze-conv-layers",
            description = "Keep convolution kernels at their random initial values (the paper's CONV (random) rows);"
                    + " the FC layers still learn with the chosen rule.")
    boolean freezeConvLayers;

    @Option(names = "--early-stop-patience", paramLabel = "N", defaultValue = "0",
            description = {"Stop a trial once its monitored error (loss for regression) has not improved for N epochs",
                    "(default 0: never). It monitors a validation split held out of the training set (--validation-split)."})
    int earlyStopPatience;

    @Option(names = "--validation-split", paramLabel = "F",
            description = {"Share of the training examples held out (never trained on) for --early-stop-patience",
                    "(default 0.1; drawn from the seed's 'validation' stream, the same examples for every trial)."})
    Double validationSplit;

    @Option(names = "--early-stop-on", paramLabel = "SET", defaultValue = "validation",
            description = {"What --early-stop-patience monitors: validation (default) or test (the test error itself,",
                    "which lets the test set choose the stopping epoch and flatters the result)."})
    String earlyStopOn;

    @Option(names = "--cpu", description = "Accepted as in the reference (which it moves off CUDA); drtp always runs on the CPU.")
    boolean cpu;

    @Option(names = "--test-batch-size", paramLabel = "N",
            description = "Accepted as in the reference; evaluation batches do not change results, drtp sizes its own.")
    Integer testBatchSize;

    @Option(names = "--augment", paramLabel = "KIND", defaultValue = "none",
            description = "Augmentation of training batches: none (default), flip (random horizontal flip with"
                    + " probability 0.5, the paper's DA for CIFAR-10). Never applied to evaluation data.")
    String augment;

    /** The catalog id of {@code --dataset} (drtp's names case-insensitively, the reference's as it spells them). */
    String datasetId() {
        String given = dataset == null ? "" : dataset.trim();
        String id = REFERENCE_DATASETS.getOrDefault(given, given.toLowerCase(Locale.ROOT));
        if (!DatasetCatalog.ids().contains(id)) {
            throw new Errors.UsageException("--dataset: unknown dataset '" + dataset + "': expected one of "
                    + String.join(", ", DatasetCatalog.ids()) + " (or the reference's " + String.join(", ",
                    REFERENCE_DATASETS.keySet().stream().sorted().toList()) + ")");
        }
        return id;
    }

    /**
     * One line each about flags that were accepted as the reference writes them but change nothing here, or that
     * the reference spells with a meaning drtp writes otherwise; printed before training as {@code note: ...}.
     */
    List<String> notes(Set<String> given) {
        List<String> notes = new ArrayList<>();
        boolean referenceLine = Stream.of(dataset, trainMode, optimizer, loss)
                .anyMatch(v -> v != null && REFERENCE_ONLY_SPELLINGS.contains(v.trim()));
        if (referenceLine) {
            List<String> differ = new ArrayList<>();
            REFERENCE_DEFAULTS.forEach((flag, theirs) -> {
                if (!given.contains(flag)) {
                    differ.add(flag + " " + defaultOf(flag) + " (main.py: " + theirs + ")");
                }
            });
            if (!differ.isEmpty()) {
                notes.add("options in the reference's spelling, but drtp's defaults apply to those not given and differ"
                        + " from main.py's: " + String.join(", ", differ));
            }
        }
        if (cpu) {
            notes.add("--cpu has no effect: drtp always runs on the CPU");
        }
        if (testBatchSize != null) {
            notes.add("--test-batch-size has no effect: evaluation batches do not change results, drtp sizes its own");
        }
        if (optimizer != null && optimizer.trim().equals(Optimizers.REFERENCE_SGD)) {
            notes.add("--optimizer SGD is the reference's: SGD with momentum 0.9 (drtp's momentum; plain SGD is sgd)");
        }
        if (dataset != null && dataset.trim().equals(REFERENCE_CIFAR10_AUG)) {
            notes.add("--dataset CIFAR10aug is cifar10 with --augment flip (random horizontal flips of training images)");
        }
        return notes;
    }

    /** drtp's default of a flag of {@link #REFERENCE_DEFAULTS}, as the user would write it. */
    private String defaultOf(String flag) {
        return switch (flag) {
            case "--dataset" -> dataset;
            case "--topology" -> topology;
            case "--optimizer" -> optimizer;
            case "--lr" -> Double.toString(lr).replace(".0E", "e").replace("E", "e");
            case "--batch-size" -> Integer.toString(batchSize);
            default -> throw new IllegalStateException(flag);
        };
    }

    /** Early stopping as the flags ask for it; throws naming the flag. */
    EarlyStopping earlyStopping() {
        if (earlyStopPatience < 0) {
            throw new Errors.UsageException("--early-stop-patience: expected a number of epochs >= 0, got " + earlyStopPatience);
        }
        EarlyStopping.Monitor on = flag("--early-stop-on", () -> EarlyStopping.Monitor.fromId(earlyStopOn));
        if (validationSplit != null && !(validationSplit > 0 && validationSplit < 1)) {
            throw new Errors.UsageException("--validation-split: expected a fraction in (0, 1), got " + validationSplit);
        }
        if (validationSplit != null && (earlyStopPatience == 0 || on == EarlyStopping.Monitor.TEST)) {
            throw new Errors.UsageException("--validation-split: only used with --early-stop-patience N monitoring"
                    + " the validation split (--early-stop-on validation)");
        }
        if (earlyStopPatience == 0) {
            return EarlyStopping.NONE;
        }
        return on == EarlyStopping.Monitor.TEST ? EarlyStopping.onTest(earlyStopPatience)
                : EarlyStopping.onValidation(earlyStopPatience,
                        validationSplit == null ? EarlyStopping.DEFAULT_VALIDATION_FRACTION : validationSplit);
    }

    /** Builds and validates the run configuration; throws a usage error naming the bad flag. */
    RunConfig toRunConfig() {
        datasetId(); // fails first on an unknown dataset
        if (testBatchSize != null) {
            positive("--test-batch-size", testBatchSize);
        }
        Topology topo = flag("--topology", () -> Topology.parse(topology));
        Loss l = flag("--loss", () -> Loss.fromId(loss));
        Activation hidden = oneOf("--hidden-act", hiddenAct, Activation.TANH, Activation.SIGMOID, Activation.RELU);
        Activation out = oneOf("--output-act", outputAct, Activation.SIGMOID, Activation.NONE, Activation.TANH);
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new Errors.UsageException("--dropout: expected a probability in [0, 1), got " + dropout);
        }
        Activation conv = oneOf("--conv-act", convAct, Activation.TANH, Activation.SIGMOID, Activation.RELU);
        NetworkOptions net = NetworkOptions.defaults().withHiddenActivation(hidden).withOutputActivation(out)
                .withConvActivation(conv).withDropout(dropout).withFcZeroInit(fcZeroInit);
        Augmentation aug = dataset.trim().equals(REFERENCE_CIFAR10_AUG) ? Augmentation.FLIP
                : flag("--augment", () -> Augmentation.fromId(augment));
        EarlyStopping stopping = earlyStopping();
        flag("--train-mode", () -> org.drtp.rule.LearningRules.create(trainMode));
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new Errors.UsageException("--lr: expected a positive number, got " + lr);
        }
        flag("--optimizer", () -> org.drtp.optim.Optimizers.create(optimizer, lr));
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--trials", trials);
        return flag("--loss/--output-act", () -> new RunConfig(topo, trainMode, optimizer, lr, l, epochs, batchSize,
                trials, seed, net, freezeConvLayers, aug, stopping));
    }

    /** Parses an activation id that must be one of {@code allowed}; the error names the flag and the choices. */
    static Activation oneOf(String flag, String value, Activation... allowed) {
        for (Activation a : allowed) {
            if (a.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return a;
            }
        }
        StringBuilder ids = new StringBuilder();
        for (Activation a : allowed) {
            ids.append(ids.length() == 0 ? "" : ", ").append(a.id());
        }
        throw new Errors.UsageException(flag + ": unknown activation '" + value + "', expected one of " + ids);
    }

    private static void positive(String flag, int v) {
        if (v <= 0) {
            throw new Errors.UsageException(flag + ": expected a positive integer, got " + v);
        }
    }

    private static <T> T flag(String flag, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (org.drtp.settings.InvalidSettingException e) {
            throw new Errors.UsageException(flag + ": " + e.problem(), e);
        }
    }
}
