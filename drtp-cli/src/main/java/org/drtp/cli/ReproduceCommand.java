package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.cli.output.SweepProgress;
import org.drtp.experiment.Experiment;
import org.drtp.experiment.ExperimentData;
import org.drtp.experiment.ExperimentOptions;
import org.drtp.experiment.ExperimentRunner;
import org.drtp.experiment.Experiments;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.Shard;
import org.drtp.experiment.Sweep;
import org.drtp.report.ReportBuilder;
import picocli.CommandLine.Command;
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

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/EXPERIMENT, with"
            + " -quick appended for --quick).")
    Path out;

    @Option(names = "--shard", paramLabel = "K/N", defaultValue = "1/1",
            description = "Run only the K-th of N deterministic slices of the grid (default 1/1: all of it).")
    String shard;

    @Option(names = "--jobs", paramLabel = "N", description = "Runs trained in parallel (default: the number of cores).")
    Integer jobs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the dataset's files (mnist, cifar10).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Experiment e = Experiments.byId(experiment);
        if (trials != null && trials <= 0) {
            throw new IllegalArgumentException("--trials: expected a positive integer, got " + trials);
        }
        if (epochs != null && epochs <= 0) {
            throw new IllegalArgumentException("--epochs: expected a positive integer, got " + epochs);
        }
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j <= 0) {
            throw new IllegalArgumentException("--jobs: expected a positive integer, got " + j);
        }
        if (j > 1 && System.getProperty("drtp.threads") == null) {
            // Runs already share the cores: one thread per product avoids workers spinning against each other.
            System.setProperty("drtp.threads", "1");
        }
        Shard sh = Shard.parse(shard);
        ExperimentOptions options = new ExperimentOptions(quick, trials == null ? 0 : trials, epochs == null ? 0 : epochs, seed);
        Path dir = out != null ? out : Path.of("results", e.id() + (quick ? "-quick" : ""));
        boolean created = !java.nio.file.Files.exists(dir);
        Outputs.checkWritable(dir, "--out");
        if (quick) {
            stdout.println(ReportBuilder.QUICK_BANNER);
        }
        ExperimentData data = new ExperimentData(dataDir);
        Sweep.Plan plan;
        try {
            plan = Sweep.plan(e, options, sh, data);
        } catch (RuntimeException failed) {
            if (created) {
                Outputs.removeIfEmpty(dir); // made early to fail fast on an unwritable --out; nothing ran
            }
            throw failed;
        }
        stdout.println(String.format(Locale.ROOT, "%s: %s", e.id(), e.title()));
        for (String n : plan.manifest().notes()) {
            stdout.println("note: " + n);
        }
        KernelNotice.noteKernels(spec.commandLine().getErr());
        ResultStore store = new ResultStore(dir);
        long finished = plan.slice().stream().filter(store::isFinished).count();
        stdout.println(String.format(Locale.ROOT, "%d run(s) in the grid%s; %d finished already in %s, %d to run on %d"
                        + " parallel job(s)", plan.grid().size(), sh.isAll() ? "" : ", " + plan.slice().size() + " in shard " + sh,
                finished, dir, plan.slice().size() - finished, j));
        stdout.flush();
        SweepProgress progress = new SweepProgress(stdout, System.console() != null);
        ExperimentRunner.Summary summary;
        try {
            summary = Sweep.run(plan, dir, data, j, progress);
        } finally {
            progress.close();
        }
        stdout.println(String.format(Locale.ROOT, "ran %d run(s) in %.1f s (%d skipped as finished)", summary.ran(),
                summary.seconds(), summary.skipped()));
        if (!sh.isAll()) {
            stdout.println("shard " + sh + " done. When every shard has finished, merge them: drtp aggregate DIR... --out DIR");
            stdout.flush();
            return 0;
        }
        // Only this grid's runs: the directory may also hold runs of other settings (e.g. an earlier --epochs).
        java.util.Set<String> mine = new java.util.HashSet<>(plan.manifest().runFiles());
        List<org.drtp.experiment.RunResult> results = store.readAll().stream()
                .filter(r -> mine.contains(r.spec().fileName())).toList();
        ReportBuilder.Output report = ReportBuilder.write(dir, results, Map.of(e.id(), plan.manifest().notes()), Map.of());
        Outputs.printTables(stdout, report);
        stdout.println("report: " + dir.resolve("report.html") + " (tables in " + dir.resolve("tables") + ", plots in "
                + dir.resolve("plots") + ")");
        stdout.flush();
        return 0;
    }
}
