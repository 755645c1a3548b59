package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.drtp.cli.output.ConsoleProgress;
import org.drtp.cli.output.AlignmentOutput;
import org.drtp.cli.output.EpochPrinter;
import org.drtp.cli.output.Json;
import org.drtp.cli.output.Manifest;
import org.drtp.cli.output.RunDirectory;
import org.drtp.cli.output.RunSummary;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.io.OwnerLock;
import org.drtp.model.ModelFile;
import org.drtp.train.Checkpoints;
import org.drtp.train.EpochMetrics;
import org.drtp.train.RunConfig;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.drtp.device.Precision;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp train}: trains one configuration for one or more trials and reports the paper's figure of merit. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainingOptions.SettingFlags.class,
        description = {"Train a network with one learning rule and report its test error.",
                "Prints one line per epoch. The final figure is, as in the paper, the mean test error of the last",
                "min(10, epochs) epochs, as mean ± sample std over trials."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write manifest.json, metrics.csv (per epoch) and summary.json here, as training progresses.")
    Path out;

    @Option(names = "--json", description = "End standard output with one line holding the summary as a JSON object.")
    boolean json;

    @Option(names = "--eval-train", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Evaluate the whole training set after each epoch for the train loss and error (default on,"
                    + " as the reference; --no-eval-train saves about a third of an epoch and reports the mean batch loss).")
    boolean evalTrain;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the trained model (safetensors) to FILE; with several trials, FILE-trialN. A file that"
                    + " exists is refused before training unless --overwrite, or --resume and this checkpointed run saved"
                    + " it (recorded in --checkpoint-dir). FILE may not be one of the files of --out or --checkpoint-dir.")
    Path save;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Checkpoint every epoch (weights, optimizer and random states, metrics) into DIR, atomically.")
    Path checkpointDir;

    @Option(names = "--align-every", paramLabel = "N", description = "Measure each hidden layer's alignment angle with"
            + " BP every N training samples (BP's signal is computed for the measurement only); prints the smoothed"
            + " angles after each epoch and, with --out, writes alignment.csv. Off by default.")
    Long alignEvery;

    @Option(names = "--resume", description = "Continue the run checkpointed in --checkpoint-dir (same flags; the same"
            + " or more epochs, never fewer). It saves its model again over the --save files that run wrote (listed in"
            + " DIR/saved-models.txt), and no other existing file.")
    boolean resume;

    @Option(names = "--resume-previous", description = "With --resume: if a trial's latest checkpoint is damaged, continue"
            + " from the one before it (the last two are kept).")
    boolean resumePrevious;

    @Option(names = "--overwrite", description = "Let --out replace the files of an earlier run in that directory,"
            + " and --save an existing model file (by default both are refused).")
    boolean overwrite;

    @Mixin
    DeviceFlags.Learning device;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (alignEvery != null && alignEvery <= 0) {
            throw new Errors.UsageException("--align-every: expected a positive number of samples, got " + alignEvery);
        }
        if (alignEvery != null && resume) {
            throw new Errors.UsageException("--align-every cannot be combined with --resume: the angles of the"
                    + " epochs before the resume are not in the checkpoint");
        }
        RunConfig config = options.toRunConfig();
        String dataset = options.datasetId();
        Set<String> given = new HashSet<>();
        spec.commandLine().getParseResult().matchedOptions().forEach(o -> given.add(o.longestName()));
        options.notes(given).forEach(n -> spec.commandLine().getErr().println("note: " + n));
        if (config.earlyStopping().enabled() && checkpointDir != null) {
            throw new Errors.UsageException("--early-stop-patience cannot be combined with --checkpoint-dir: the errors"
                    + " early stopping compares are not checkpointed, so a resumed run could not continue it");
        }
        Precision prec = device.precision.or(Precision.FLOAT32);
        DeviceFlags.checkIntegerOnly(spec, prec);
        if (prec.isInteger()) {
            if (out != null || checkpointDir != null || resume || alignEvery != null || config.earlyStopping().enabled()) {
                throw new Errors.UsageException("--precision " + prec + " does not support --out, --checkpoint-dir, --resume,"
                        + " --align-every or early stopping yet (use --save and --json)");
            }
            return DeviceTrain.run(options, dataset, config, prec, device.feedback.mode(), device.headroomBits.value, save,
                    overwrite, json, stdout, spec.commandLine().getErr());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<OwnerLock> locks = new ArrayList<>();
        try {
            return train(config, dataset, stdout, err, locks);
        } finally {
            locks.forEach(OwnerLock::close);
        }
    }

    private int train(RunConfig config, String dataset, PrintWriter stdout, PrintWriter err, List<OwnerLock> locks)
            throws IOException {
        RunSummary summary = new RunSummary(dataset, config);
        RunDirectory dir = null;
        // Every output is checked and claimed before the data load, so that a bad path or a busy directory fails
        // at once; --out is removed again (when this run made it) if the run fails before its first epoch.
        boolean createdOut = out != null && !Files.exists(out);
        boolean createdCheckpointDir = checkpointDir != null && !Files.exists(checkpointDir);
        Checkpoints checkpoints;
        try {
            checkpoints = claimOutputs(config, dataset, err, locks);
        } catch (RuntimeException e) {
            locks.forEach(OwnerLock::close);
            locks.clear();
            if (createdOut) {
                Outputs.removeIfEmpty(out);
            }
            if (createdCheckpointDir) {
                Outputs.removeIfEmpty(checkpointDir);
            }
            throw e;
        }
        if (out != null) {
            try {
                dir = new RunDirectory(out, Manifest.of("train", spec.commandLine().getParseResult().originalArgs(),
                        dataset, config, VersionProvider.version()), summary);
            } catch (IOException e) {
                throw new Errors.UsageException("--out " + out + ": " + e.getMessage());
            }
        }
        TrainTest data;
        try {
            data = loadChecked(config, dataset);
        } catch (RuntimeException e) {
            if (dir != null) {
                dir.discardUnstarted();
            }
            locks.forEach(OwnerLock::close);
            locks.clear();
            if (createdOut) {
                Outputs.removeIfEmpty(out);
            }
            throw e;
        }
        KernelNotice.noteKernels(spec.commandLine().getErr());
        AlignmentOutput alignment = alignEvery == null ? null
                : new AlignmentOutput(stdout, alignEvery, dir == null ? null : dir.dir().resolve(RunDirectory.ALIGNMENT));
        for (int t = 0; t < config.trials(); t++) {
            List<TrainingListener> listeners = new ArrayList<>();
            if (alignment != null) {
                listeners.add(alignment.monitorFor(t));
            }
            listeners.add(ConsoleProgress.ifTerminal(config.trials() > 1 ? "trial " + (t + 1) + " " : ""));
            listeners.add(new EpochPrinter(stdout, "", config.trials(), config.epochs()));
            if (alignment != null) {
                listeners.add(alignment);
            }
            listeners.add(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m) {
                    summary.addEpoch(m);
                }

                @Override
                public void onTrainingEnd(TrainingResult r) {
                    summary.addTrial(r);
                }
            });
            if (dir != null) {
                listeners.add(dir);
            }
            RunConfig.TrialOutcome outcome = config.runTrial(data, t, listeners, checkpoints, evalTrain);
            if (outcome.result().stoppedEarly() != null) {
                stdout.println((config.trials() > 1 ? "trial " + (t + 1) + " " : "") + outcome.result().stoppedEarly().describe());
            }
            if (save != null) {
                Path file = ModelOutput.file(save, config.trials(), t);
                if (checkpoints != null) {
                    checkpoints.recordSave(file); // first: the file is this run's from now on (see --resume)
                }
                ModelFile.save(file, new ModelFile.Model(outcome.network(), outcome.rule(), config.loss(),
                        data.train().normalization(), data.train().numClasses()));
                spec.commandLine().getErr().println("saved model to " + file);
            }
        }
        if (dir != null) {
            dir.writeSummary(true);
        }
        // A regression task has no error rate: its figure of merit is the test loss (TrainingResult#finalTestError).
        String merit = data.train().isClassification()
                ? String.format(Locale.ROOT, "test error %.2f ± %.2f %%", summary.mean(), summary.std())
                : String.format(Locale.ROOT, "test loss %.5f ± %.5f", summary.mean(), summary.std());
        stdout.println(String.format(Locale.ROOT, "%s %s on %s: %s over %d trial(s) (mean of %s), %.2f s per epoch"
                        + " (median)", config.trainMode(), config.topology(), dataset, merit, config.trials(),
                summary.averagedEpochs(), summary.medianEpochSeconds()));
        if (json) {
            stdout.println(Json.line(summary.toMap(true)));
        }
        stdout.flush();
        return 0;
    }

    /** Loads the dataset and checks the topology against it before any training. */
    private TrainTest loadChecked(RunConfig config, String dataset) {
        TrainTest data = DatasetCatalog.load(dataset, options.dataDir);
        try {
            config.checkFits(data.train(), dataset);
        } catch (org.drtp.settings.InvalidSettingException e) {
            throw new Errors.UsageException("--topology: " + e.problem());
        }
        Memory.require("--topology " + config.topology() + " on " + data.train().exampleShape()
                + " inputs at --batch-size " + config.batchSize(),
                Memory.trainingBytes(config.topology(), data.train().exampleShape(), config.batchSize()));
        return data;
    }

    /**
     * Checks and claims every output before any data is loaded: --out (locked; an earlier run in it refused
     * unless --overwrite), --checkpoint-dir (locked; its checkpoints checked for damage, settings and epochs),
     * --save (probed).
     */
    private Checkpoints claimOutputs(RunConfig config, String dataset, PrintWriter err, List<OwnerLock> locks)
            throws IOException {
        if (resume && checkpointDir == null) {
            throw new Errors.UsageException("--resume needs --checkpoint-dir DIR (the directory of the run to continue)");
        }
        if (resumePrevious && !resume) {
            throw new Errors.UsageException("--resume-previous goes with --resume");
        }
        List<String> earlier = List.of();
        if (out != null) {
            locks.add(Outputs.lock(out, "--out", err));
            earlier = RunDirectory.FILES.stream().filter(f -> Files.exists(out.resolve(f))).toList();
            if (!earlier.isEmpty() && !overwrite) {
                throw new Errors.UsageException("--out " + out + " already holds a run (" + String.join(", ", earlier)
                        + "): add --overwrite to replace it, or choose another directory");
            }
        }
        Checkpoints c = checkpointDir == null ? null : claimCheckpoints(config, dataset, err, locks);
        // After --out is made: --save may name a file in a new --out directory.
        if (save != null) {
            Map<Path, String> taken = new LinkedHashMap<>();
            if (out != null) {
                RunDirectory.FILES.forEach(f -> taken.put(out.resolve(f), "--out"));
                taken.put(out.resolve(Outputs.LOCK_FILE), "--out");
            }
            if (c != null) {
                c.paths(config.trials()).forEach(p -> taken.put(p, "--checkpoint-dir"));
                taken.put(checkpointDir.resolve(Outputs.LOCK_FILE), "--checkpoint-dir");
            }
            ModelOutput.checkNotTaken(save, config.trials(), taken);
            ModelOutput.checkSaves(save, config.trials(), overwrite, resume ? c : null);
        }
        for (String f : earlier) {
            Files.delete(out.resolve(f));
        }
        return c;
    }

    /** Locks --checkpoint-dir and checks its checkpoints (damage, settings, epochs) against this run. */
    private Checkpoints claimCheckpoints(RunConfig config, String dataset, PrintWriter err, List<OwnerLock> locks)
            throws IOException {
        if (Files.exists(checkpointDir) && !Files.isDirectory(checkpointDir)) {
            throw new Errors.UsageException("--checkpoint-dir " + checkpointDir + ": exists and is not a directory");
        }
        boolean sameAsOut = out != null && Files.exists(checkpointDir)
                && Files.isSameFile(out.toAbsolutePath(), checkpointDir.toAbsolutePath());
        if (!sameAsOut) {
            locks.add(Outputs.lock(checkpointDir, "--checkpoint-dir", err));
        }
        Checkpoints c = new Checkpoints(checkpointDir, config.fingerprint(dataset), resumePrevious,
                note -> err.println("note: " + note));
        boolean any = false;
        for (int t = 0; t < config.trials(); t++) {
            any |= c.exists(t);
        }
        if (any && !resume) {
            throw new Errors.UsageException("--checkpoint-dir " + checkpointDir + " already holds checkpoints: add --resume to"
                    + " continue that run, or choose another directory");
        }
        if (resume && !any) {
            err.println("note: no checkpoint in " + checkpointDir + ", starting from the first epoch");
        }
        for (int t = 0; t < config.trials() && any; t++) {
            int done;
            try {
                done = c.completedEpochs(t);
            } catch (Checkpoints.Damaged d) {
                throw new org.drtp.data.DataException(d.getMessage() + ". Not resuming from it: "
                        + (d.previousEpoch() > 0 ? "add --resume-previous to continue from the previous checkpoint (epoch "
                        + d.previousEpoch() + "), or " : "") + "start over in another --checkpoint-dir (or delete "
                        + d.file().getParent() + ")");
            }
            if (done > config.epochs()) {
                throw new Errors.UsageException("--epochs " + config.epochs() + ": trial " + (t + 1) + " in " + checkpointDir
                        + " has " + done + " epochs done already; a run cannot be shortened: resume with --epochs "
                        + done + " or more");
            }
        }
        return c;
    }
}
