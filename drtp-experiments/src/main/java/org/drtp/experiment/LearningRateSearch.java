package org.drtp.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtp.data.TrainTest;
import org.drtp.nn.Topology;
import org.drtp.plot.Chart;
import org.drtp.plot.Series;
import org.drtp.train.RunConfig;
import org.drtp.train.Settings;

/**
 * Table 3 of the paper: the learning rate of every rule and network, chosen by a grid search on a
 * validation set held out of the training set (the last sixth of it: 10k of MNIST's 60k); the test set is
 * never looked at. Every rule x network (table 1's, no dropout) x learning rate in
 * {1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2} is trained with Adam, BCE, batch 60 for 100 epochs, 3 trials;
 * the selected rate has the lowest mean validation error. {@code --quick}: FC1-500 and FC2-500, rates
 * {1e-4, 1e-3, 1e-2}, 2,000 training / 1,000 validation examples, 3 epochs, 1 trial.
 */
final class LearningRateSearch implements Experiment {

    static final double[] RATES = {1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2};
    static final double[] QUICK_RATES = {1e-4, 1e-3, 1e-2};

    @Override
    public String id() {
        return "table3";
    }

    @Override
    public String title() {
        return "Table 3: learning rates selected on a validation split (MNIST)";
    }

    @Override
    public List<RunSpec> grid(ExperimentOptions o, ExperimentData data, List<String> notes) {
        String dataset = ErrorTable.mnistDataset(data, notes);
        TrainTest d = ErrorTable.requireData(data, dataset);
        int validation = d.train().size() / 6;
        int trials = o.trialsOr(3, 1);
        int epochs = o.epochsOr(100, 3);
        Map<String, String> nets = new ErrorTable(false).networks();
        if (o.quick()) {
            nets.keySet().retainAll(List.of("FC1-500", "FC2-500"));
        }
        List<RunSpec> specs = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            for (Map.Entry<String, String> net : nets.entrySet()) {
                if (!ErrorTable.buildable(net.getValue(), d, net.getKey(), notes)) {
                    continue;
                }
                for (String rule : ErrorTable.RULES) {
                    for (double lr : o.quick() ? QUICK_RATES : RATES) {
                        RunConfig run = RunConfig.builder().set(Settings.TOPOLOGY, Topology.parse(net.getValue()))
                                .set(Settings.TRAIN_MODE, rule).set(Settings.LR, lr)
                                .set(Settings.FREEZE_CONV_LAYERS, net.getKey().contains("random"))
                                .set(Settings.EPOCHS, epochs).set(Settings.SEED, o.seed()).build();
                        specs.add(new RunSpec(id(), o.quick(), net.getKey(), new RunSpec.DataSlice(dataset,
                                o.quick() ? 2000 : 0, o.quick() ? 1000 : 0, validation), run, 0, t));
                    }
                }
            }
        }
        return specs;
    }

    @Override
    public List<Table> tables(List<RunResult> results) {
        List<Cell> cells = Cell.group(results);
        // network -> rule -> cells (one per learning rate)
        Map<String, Map<String, List<Cell>>> m = new LinkedHashMap<>();
        for (Cell c : cells) {
            m.computeIfAbsent(c.spec().network(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.spec().run().trainMode(), k -> new ArrayList<>()).add(c);
        }
        List<String> header = new ArrayList<>(List.of("Network"));
        ErrorTable.RULES.forEach(r -> header.add(Experiments.ruleName(r)));
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> all = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Cell>>> net : m.entrySet()) {
            List<String> row = new ArrayList<>(List.of(net.getKey()));
            for (String rule : ErrorTable.RULES) {
                List<Cell> byLr = net.getValue().getOrDefault(rule, List.of());
                Cell best = null;
                for (Cell c : byLr) {
                    if (!Double.isNaN(c.mean()) && (best == null || c.mean() < best.mean())) {
                        best = c;
                    }
                    all.add(List.of(net.getKey(), Experiments.ruleName(rule), lr(c.spec().run().lr()), c.text(),
                            Integer.toString(c.trials().size())));
                }
                row.add(best == null ? "–" : lr(best.spec().run().lr()) + " (" + String.format(Locale.ROOT, "%.2f", best.mean()) + ")");
            }
            rows.add(row);
        }
        String validation = cells.isEmpty() ? "" : " (" + cells.get(0).spec().data().validation() + " examples held out of "
                + cells.get(0).spec().data().dataset() + "'s training set)";
        return List.of(
                new Table(id(), title(), header, rows, List.of("Selected learning rate (its mean validation error, %)"
                        + validation + "; Adam, BCE, no dropout.")),
                new Table(id() + "-all", "All learning rates: validation error (%)",
                        List.of("Network", "Rule", "lr", "Validation error (%)", "Trials"), all,
                        List.of("Validation error: mean of the last min(10, epochs) epochs, mean ± sample std over trials.")));
    }

    static String lr(double v) {
        return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-");
    }

    @Override
    public List<Chart> charts(List<RunResult> results) {
        // Validation error against the learning rate, one curve per rule, one chart per network.
        Map<String, Map<String, List<Cell>>> m = new LinkedHashMap<>();
        for (Cell c : Cell.group(results)) {
            m.computeIfAbsent(c.spec().network(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.spec().run().trainMode(), k -> new ArrayList<>()).add(c);
        }
        List<Chart> charts = new ArrayList<>();
        m.forEach((net, byRule) -> {
            List<Series> series = new ArrayList<>();
            byRule.forEach((rule, cs) -> {
                cs.sort(java.util.Comparator.comparingDouble(c -> c.spec().run().lr()));
                double[] x = cs.stream().mapToDouble(c -> Math.log10(c.spec().run().lr())).toArray();
                double[] mean = cs.stream().mapToDouble(Cell::mean).toArray();
                double[] std = cs.stream().mapToDouble(Cell::std).toArray();
                series.add(new Series(Experiments.ruleName(rule), x, mean, std));
            });
            charts.add(Chart.of("table3-" + net.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "").toLowerCase(Locale.ROOT),
                    net + ": validation error against the learning rate", "log10(learning rate)", "validation error (%)",
                    series));
        });
        return charts;
    }
}
