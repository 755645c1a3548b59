package org.drtp.experiment;

import java.util.List;
import org.drtp.plot.Chart;

/**
 * One of the paper's experiments: the grid of runs that regenerates it, and how its results become the
 * paper's tables and figures. Tables and charts are functions of the results alone, so any set of result
 * directories (shards, reruns) aggregates to the same output.
 */
public interface Experiment {

    /** fig2, fig3, table1, table2, table3. */
    String id();

    /** One line saying what the experiment reproduces. */
    String title();

    /**
     * The runs, in a fixed order (shards slice this order). Notes for the user (dataset fallbacks, rows left
     * out) are added to {@code notes}.
     *
     * @throws org.drtp.data.DataException when the data it needs is absent
     */
    List<RunSpec> grid(ExperimentOptions options, ExperimentData data, List<String> notes);

    List<Table> tables(List<RunResult> results);

    List<Chart> charts(List<RunResult> results);
}
