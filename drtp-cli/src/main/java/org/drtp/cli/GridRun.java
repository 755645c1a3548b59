package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.drtp.cli.output.SweepProgress;
import org.drtp.experiment.CustomGrid;
import org.drtp.experiment.Experiment;
import org.drtp.experiment.ExperimentData;
import org.drtp.experiment.ExperimentOptions;
import org.drtp.experiment.ExperimentRunner;
import org.drtp.experiment.GridManifest;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.RunResult;
import org.drtp.experiment.RunSpec;
import org.drtp.experiment.Shard;
import org.drtp.experiment.Sweep;
import org.drtp.report.ReportBuilder;
import org.drtp.train.RunConfig;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code reproduce} and {@code sweep} share: plan a grid's shard, run its unfinished runs on the local
 * cores with a progress bar, then (for a whole grid) write tables, plots and report.html and print the tables.
 */
final class GridRun {

    /** The most runs trained at once by one process (--jobs): beyond any machine's cores, so a typo is refused. */
    static final int MAX_JOBS = 1024;

    private GridRun() {
    }

    /**
     * Refuses to record a grid under the name of a different grid already in {@code dir}: its manifest
     * (grid-NAME.json) would be replaced and the earlier grid's runs dropped from status, aggregate and the report.
     * Rerunning the same grid (resume) or another shard of it passes: they list the same run files. So does a grid
     * that extends the earlier one (more trials, another value in a list): it keeps every earlier run.
     */
    private static void checkSameGrid(Path dir, Sweep.Plan plan) {
        GridManifest mine = plan.manifest();
        for (GridManifest m : GridManifest.readAll(dir)) {
            if (m.experiment().equals(mine.experiment()) && m.quick() == mine.quick() && !mine.runFiles().containsAll(m.runFiles())) {
                Experiment e = plan.experiment();
                String was = m.gridSize() + " run(s), recorded in " + dir.resolve(m.fileName());
                if (e instanceof CustomGrid g) {
                    throw new Errors.UsageException(g.source() + ": --out " + dir + " already holds a different grid named '"
                            + e.id() + "' (" + was + "); give this grid another \"name\" or another --out");
                }
                throw new Errors.UsageException("--out " + dir + " already holds " + e.id() + (mine.quick() ? " --quick" : "")
                        + " with other settings (" + was + "; another --trials, --epochs, --seed or dataset?); use another --out"
                        + " for these settings");
            }
        }
    }

    /**
     * Refuses, before any run starts, a grid whose largest run times the parallel jobs cannot fit in the heap
     * (an OutOfMemoryError in a worker would otherwise come minutes or hours in).
     */
    private static void checkMemory(List<RunSpec> todo, ExperimentData data, int jobs) {
        long worst = 0;
        String which = null;
        Set<String> seen = new HashSet<>();
        for (RunSpec r : todo) {
            RunConfig c = r.toRunConfig();
            if (seen.add(r.data().dataset() + "|" + c.topology() + "|" + c.batchSize())) {
                long bytes = Memory.trainingBytes(c.topology(), data.dataset(r.data().dataset()).train().exampleShape(),
                        c.batchSize());
                if (bytes > worst) {
                    worst = bytes;
                    which = c.topology() + " on " + r.data().dataset();
                }
            }
        }
        int parallel = Math.min(jobs, todo.size());
        if (which != null) {
            Memory.require(parallel + " parallel run(s) (--jobs) of " + which,
                    worst > Long.MAX_VALUE / parallel ? Long.MAX_VALUE : worst * parallel);
        }
    }

    /**
     * A result file that cannot be read must not count as finished (the run would be skipped, and the report fail, on
     * every rerun): it is renamed aside, said so on stderr, and its run computed again.
     */
    private static void setAsideDamaged(ResultStore store, List<RunSpec> slice, PrintWriter err) throws IOException {
        for (Map.Entry<RunSpec, String> d : store.damaged(slice).entrySet()) {
            Path to = store.setAside(d.getKey());
            if (to != null) {
                err.println("warning: " + d.getValue() + "; moved to " + to.getFileName() + ", its run is computed again");
            }
        }
        err.flush();
    }

    static int run(CommandSpec spec, Experiment e, ExperimentOptions options, Path dir, String shard, Integer jobs,
                   Path dataDir) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        int j = jobs == null ? Math.min(MAX_JOBS, Runtime.getRuntime().availableProcessors()) : jobs;
        if (j <= 0 || j > MAX_JOBS) {
            throw new Errors.UsageException("--jobs: expected an integer from 1 to " + MAX_JOBS + ", got " + j);
        }
        if (j > 1 && System.getProperty("drtp.threads") == null) {
            // Runs already share the cores: one thread per product avoids workers spinning against each other.
            System.setProperty("drtp.threads", "1");
        }
        Shard sh = Shard.parse(shard);
        boolean created = !Files.exists(dir);
        Outputs.checkWritable(dir, "--out");
        if (options.quick()) {
            stdout.println(ReportBuilder.QUICK_BANNER);
        }
        ExperimentData data = new ExperimentData(dataDir);
        Sweep.Plan plan;
        try {
            plan = Sweep.plan(e, options, sh, data);
            checkSameGrid(dir, plan);
            ResultStore existing = new ResultStore(dir);
            checkMemory(plan.slice().stream().filter(r -> !existing.isFinished(r)).toList(), data, j);
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
        setAsideDamaged(store, plan.slice(), spec.commandLine().getErr());
        long finished = plan.slice().stream().filter(store::isFinished).count();
        long toRun = plan.slice().size() - finished;
        stdout.println(String.format(Locale.ROOT, "%d run(s) in the grid%s; %d finished already in %s, %d to run on %d"
                        + " parallel job(s)", plan.grid().size(), sh.isAll() ? "" : ", " + plan.slice().size() + " in shard " + sh,
                finished, dir, toRun, Math.max(1, Math.min(j, toRun))));
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
        if (summary.elsewhere() > 0) {
            stdout.println(summary.elsewhere() + " run(s) left to another process that was computing them (see the"
                    + " claims in " + store.runsDir() + "); rerun when it has finished to include them");
        }
        if (!sh.isAll()) {
            stdout.println("shard " + sh + " done. When every shard has finished, merge them: drtp aggregate DIR... --out DIR");
            stdout.flush();
            return 0;
        }
        // Only this grid's runs: the directory may also hold runs of other settings (e.g. an earlier --epochs).
        List<RunResult> results = plan.grid().stream().filter(store::isFinished).map(r -> ResultStore.read(store.fileOf(r)))
                .toList();
        ReportBuilder.Output report = ReportBuilder.write(dir, results, Map.of(e.id(), plan.manifest().notes()), Map.of());
        Outputs.printTables(stdout, report);
        stdout.println("report: " + dir.resolve("report.html") + " (tables in " + dir.resolve("tables") + ", plots in "
                + dir.resolve("plots") + ")");
        stdout.flush();
        return 0;
    }
}
