package org.drtp.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code reproduce} invocation without its output: build the experiment's grid, keep this shard's
 * slice, record the grid manifest, run what is not finished yet.
 */
public final class Sweep {

    /** The planned work of an invocation. */
    public record Plan(Experiment experiment, List<RunSpec> grid, List<RunSpec> slice, GridManifest manifest) {
    }

    private Sweep() {
    }

    public static Plan plan(Experiment e, ExperimentOptions o, Shard shard, ExperimentData data) {
        List<String> notes = new ArrayList<>();
        List<RunSpec> grid = e.grid(o, data, notes);
        List<RunSpec> slice = shard.select(grid);
        GridManifest m = new GridManifest(e.id(), o.quick(), o.trials(), o.epochs(), o.seed(), shard.toString(),
                grid.size(), grid.stream().map(RunSpec::fileName).toList(), notes);
        return new Plan(e, grid, slice, m);
    }

    /** Writes the manifest and runs the slice's unfinished runs. */
    public static ExperimentRunner.Summary run(Plan plan, Path out, ExperimentData data, int jobs,
                                               ExperimentRunner.Progress progress) throws IOException {
        ResultStore store = new ResultStore(out);
        plan.manifest().write(out);
        return new ExperimentRunner(store, data, jobs).run(plan.slice(), progress);
    }
}
