package org.drtp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.drtp.experiment.CustomGrid;
import org.drtp.experiment.ExperimentOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp sweep GRID.json}: the reproduce machinery on a user's own grid. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run your own grid of settings: every combination of the lists in GRID.json, times its trials.",
                "GRID.json holds \"name\" (a short id), optional \"trials\" and \"seed\", and any setting of 'drtp train'",
                "by its key (docs/settings.md) as one value or a list: topology, train_mode, optimizer, lr, loss,",
                "batch_size, epochs, hidden_act, output_act, conv_act, dropout, fc_zero_init, freeze_conv_layers, augment,",
                "early_stop_patience, early_stop_on, validation_split; plus dataset, align_every (alignment angles every",
                "N samples), train_limit, test_limit and validation (training examples held out for selection). Example:",
                "  {\"name\": \"rules\", \"train_mode\": [\"bp\", \"dfa\", \"drtp\"], \"lr\": [1e-4, 5e-4], \"epochs\": 20, \"trials\": 3}",
                "Results, resume, --shard and 'drtp aggregate' work as for 'drtp reproduce'; the table has a row per",
                "combination and a column for each setting that varies. See docs/reproducing.md, 'Your own grids'."})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID.json", description = "The grid file.")
    Path grid;

    @Mixin
    GridOptions options;

    @Override
    public Integer call() throws IOException {
        CustomGrid g = CustomGrid.read(grid);
        Path dir = options.out != null ? options.out : Path.of("results", g.id());
        return GridRun.run(spec, g, new ExperimentOptions(false, 0, 0, ExperimentOptions.DEFAULT_SEED), dir, options.shard,
                options.jobs, options.dataDir);
    }
}
