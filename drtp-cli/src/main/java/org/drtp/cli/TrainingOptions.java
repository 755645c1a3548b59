package org.drtp.cli;

import java.nio.file.Path;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.tensor.Activation;
import org.drtp.train.Augmentation;
import org.drtp.train.RunConfig;
import picocli.CommandLine.Option;

/**
 * The training flags shared by commands, named as the reference implementation's (train-mode, topology,
 * optimizer, lr, ...). Values are validated when turned into a {@link RunConfig}.
 */
public final class TrainingOptions {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist-10k",
            description = "Dataset: mnist-10k (embedded sample, default), mnist, fashion-mnist, cifar10.")
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
            description = "adam (default), sgd (plain), momentum (SGD, momentum 0.9: the reference's SGD), nag, rmsprop.")
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

    @Option(names = "--augment", paramLabel = "KIND", defaultValue = "none",
            description = "Augmentation of training batches: none (default), flip (random horizontal flip with"
                    + " probability 0.5, the paper's DA for CIFAR-10). Never applied to evaluation data.")
    String augment;

    /** Builds and validates the run configuration; throws a usage error naming the bad flag. */
    RunConfig toRunConfig() {
        String datasetId = dataset == null ? "" : dataset.trim().toLowerCase(java.util.Locale.ROOT);
        if (!org.drtp.data.DatasetCatalog.ids().contains(datasetId)) {
            throw new Errors.UsageException("--dataset: unknown dataset '" + dataset + "': expected one of "
                    + String.join(", ", org.drtp.data.DatasetCatalog.ids()));
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
        Augmentation aug = flag("--augment", () -> Augmentation.fromId(augment));
        flag("--train-mode", () -> org.drtp.rule.LearningRules.create(trainMode));
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new Errors.UsageException("--lr: expected a positive number, got " + lr);
        }
        flag("--optimizer", () -> org.drtp.optim.Optimizers.create(optimizer, lr));
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--trials", trials);
        return flag("--loss/--output-act", () -> new RunConfig(topo, trainMode, optimizer, lr, l, epochs, batchSize,
                trials, seed, net, freezeConvLayers, aug));
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
