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
import org.drtp.optim.Optimizers;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.Augmentation;
import org.drtp.train.RunConfig;
import org.drtp.train.Setting;
import org.drtp.train.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The training flags of {@code drtp train}: the dataset, and a flag for every run setting of the table
 * ({@link Settings}, added by {@link SettingFlags}), named as the reference implementation's (train-mode, topology,
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

    /** The command these options belong to; the run settings' flags are its options (added by {@link SettingFlags}). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--cpu", description = "Accepted as in the reference (which it moves off CUDA); drtp always runs on the CPU.")
    boolean cpu;

    @Option(names = "--test-batch-size", paramLabel = "N",
            description = "Accepted as in the reference; evaluation batches do not change results, drtp sizes its own.")
    Integer testBatchSize;

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
        String optimizer = text(Settings.OPTIMIZER);
        boolean referenceLine = Stream.of(dataset, text(Settings.TRAIN_MODE), optimizer, text(Settings.LOSS))
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
            case "--lr" -> text(Settings.LR).replace(".0E", "e").replace("E", "e");
            default -> String.valueOf((Object) command.findOption(flag).getValue());
        };
    }

    /** The value of a setting's flag as given (or its default), as text. */
    private String text(Setting<?> s) {
        return String.valueOf((Object) command.findOption(s.flag()).getValue());
    }

    /**
     * Builds and validates the run configuration from the settings' flags (each checked by the table,
     * {@link Settings}); throws a usage error naming the bad flag.
     */
    RunConfig toRunConfig() {
        datasetId(); // fails first on an unknown dataset
        if (testBatchSize != null && testBatchSize <= 0) {
            throw new Errors.UsageException("--test-batch-size: expected a positive integer, got " + testBatchSize);
        }
        RunConfig.Builder b = RunConfig.builder();
        try {
            for (Setting<?> s : Settings.ALL) {
                b.setPlain(s, command.findOption(s.flag()).getValue());
            }
            if (dataset.trim().equals(REFERENCE_CIFAR10_AUG)) {
                b.set(Settings.AUGMENT, Augmentation.FLIP);
            }
            RunConfig config = b.build();
            if (command.commandLine().getParseResult().hasMatchedOption(Settings.VALIDATION_SPLIT.flag())
                    && !config.earlyStopping().holdsOutValidation()) {
                throw new Errors.UsageException("--validation-split: only used with --early-stop-patience N monitoring"
                        + " the validation split (--early-stop-on validation)");
            }
            return config;
        } catch (InvalidSettingException e) {
            throw new Errors.UsageException(flags(e.setting()) + ": " + e.problem(), e);
        }
    }

    /** The flags of a setting key, or of keys joined by '/' (settings that only fail together). */
    static String flags(String keys) {
        List<String> flags = new ArrayList<>();
        for (String k : keys.split("/")) {
            Setting<?> s = Settings.byKey(k);
            flags.add(s == null ? k : s.flag());
        }
        return String.join("/", flags);
    }

    /**
     * Adds a flag for every run setting of the table ({@link Settings}: flag, label, default, help) to the
     * command, after {@code --dataset} and {@code --data-dir}; the values are read back by {@link #toRunConfig}.
     */
    public static final class SettingFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<OptionSpec> after = new ArrayList<>();
            boolean seen = false;
            for (OptionSpec o : new ArrayList<>(spec.options())) {
                if (seen) {
                    after.add(o);
                    spec.remove(o);
                }
                seen |= o.longestName().equals("--data-dir");
            }
            for (Setting<?> s : Settings.ALL) {
                OptionSpec.Builder o = OptionSpec.builder(s.flag()).type(s.kind().type()).description(s.help())
                        .defaultValue(s.defaultText());
                if (s.paramLabel() != null) {
                    o.paramLabel(s.paramLabel());
                }
                spec.addOption(o.build());
            }
            after.forEach(spec::addOption);
            return spec;
        }
    }
}
