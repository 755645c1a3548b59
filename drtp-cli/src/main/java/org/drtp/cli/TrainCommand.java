package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.drtp.cli.output.ConsoleProgress;
import org.drtp.cli.output.EpochPrinter;
import org.drtp.cli.output.Json;
import org.drtp.cli.output.Manifest;
import org.drtp.cli.output.RunDirectory;
import org.drtp.cli.output.RunSummary;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.train.EpochMetrics;
import org.drtp.train.RunConfig;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp train}: trains one configuration for one or more trials and reports the paper's figure of merit. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
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

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        RunConfig config = options.toRunConfig();
        RunSummary summary = new RunSummary(options.dataset, config);
        RunDirectory dir = null;
        if (out != null) {
            try {
                dir = new RunDirectory(out, Manifest.of("train", spec.commandLine().getParseResult().originalArgs(),
                        options.dataset, config, VersionProvider.version()), summary);
            } catch (IOException e) {
                throw new Errors.UsageException(e.getMessage());
            }
        }
        TrainTest data = DatasetCatalog.load(options.dataset, options.dataDir);
        int outputs = config.buildNetwork(data, 0).outputSize(); // checks topology against the data before any training
        if (outputs != data.train().targetSize()) {
            throw new IllegalArgumentException("--topology " + config.topology() + ": the output layer has " + outputs
                    + " units but dataset " + options.dataset + " has " + data.train().targetSize()
                    + (data.train().isClassification() ? " classes" : " targets") + ": end the topology with FC_"
                    + data.train().targetSize());
        }
        KernelNotice.noteKernels(spec.commandLine().getErr());
        for (int t = 0; t < config.trials(); t++) {
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(ConsoleProgress.ifTerminal(config.trials() > 1 ? "trial " + (t + 1) + " " : ""));
            listeners.add(new EpochPrinter(stdout, "", config.trials(), config.epochs()));
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
            config.runTrial(data, t, listeners);
        }
        if (dir != null) {
            dir.writeSummary(true);
        }
        stdout.println(String.format(Locale.ROOT, "%s %s on %s: test error %.2f ± %.2f %% over %d trial(s)"
                        + " (mean of the last %d epochs), %.2f s per epoch (median)",
                config.trainMode(), config.topology(), options.dataset, summary.mean(), summary.std(), config.trials(),
                Math.min(10, config.epochs()), summary.medianEpochSeconds()));
        if (json) {
            stdout.println(Json.line(summary.toMap(true)));
        }
        stdout.flush();
        return 0;
    }
}
