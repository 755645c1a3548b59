package org.drtp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.drtp.experiment.Experiment;
import org.drtp.experiment.ExperimentOptions;
import org.drtp.experiment.Experiments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp reproduce fig2|fig3|table1|table2|table3}: regenerates one of the paper's figures or tables. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Regenerate a figure or table of the paper (Frenkel, Lefebvre and Bol 2021).",
                "  fig2    synthetic regression: test loss and alignment angles (6 rules, 10 trials, 500 epochs)",
                "  fig3    synthetic classification: test error and alignment angles (6 rules, 10 trials, 500 epochs)",
                "  table1  MNIST: FC1/FC2 x 500/1000 units and CONV nets x dropout 0/0.1/0.25 x rules, 10 trials, 100 epochs",
                "  table2  CIFAR-10 (dataset cifar10): CONV nets x dropout x rules, up to 200 epochs, early stopping",
                "          (patience 20) on a validation split: 10%% of the training images, held out (--early-stop-on)",
                "  table3  learning-rate grid search on a validation split held out of the MNIST training set",
                "Each finished run is written at once to DIR/runs/ (atomically); rerunning skips finished runs, so",
                "a killed sweep continues where it stopped. Writes tables (Markdown, CSV), plots (PNG, SVG) and",
                "report.html to DIR, and prints the tables. --shard K/N runs one slice of the grid (for clusters);",
                "merge the slices' directories with 'drtp aggregate'."})
public final class ReproduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "fig2, fig3, table1, table2 or table3.")
    String experiment;

    @Option(names = "--quick", description = "A miniature of the same experiment (fewer examples, epochs and trials)"
            + " that finishes in minutes; its output says so. Not the paper's numbers.")
    boolean quick;

    @Option(names = "--trials", paramLabel = "N", description = "Trials per cell (default: the paper's 10; quick: 1-2).")
    Integer trials;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default: the experiment's).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Master seed (default 42).")
    long seed;

    @Option(names = "--early-stop-on", paramLabel = "SET", defaultValue = "validation",
            description = "What table2's early stopping monitors: validation (default; 10%% of the training images,"
                    + " chosen by the seed's 'validation' stream and never trained on) or test (the test error itself,"
                    + " which lets the test set choose the stopping epoch and flatters the result). The table's title"
                    + " says which.")
    String earlyStopOn;

    @Mixin
    GridOptions grid;

    @Override
    public Integer call() throws IOException {
        Experiment e = Experiments.byId(experiment);
        if (trials != null && trials <= 0) {
            throw new Errors.UsageException("--trials: expected a positive integer, got " + trials);
        }
        if (epochs != null && epochs <= 0) {
            throw new Errors.UsageException("--epochs: expected a positive integer, got " + epochs);
        }
        ExperimentOptions options = new ExperimentOptions(quick, trials == null ? 0 : trials, epochs == null ? 0 : epochs, seed,
                earlyStopOn);
        Path dir = grid.out != null ? grid.out : Path.of("results", e.id() + (quick ? "-quick" : ""));
        return GridRun.run(spec, e, options, dir, grid.shard, grid.jobs, grid.dataDir);
    }
}
