package org.drtp.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtp.data.TrainTest;
import org.drtp.nn.Network;
import org.drtp.nn.Topology;
import org.drtp.plot.Chart;
import org.drtp.plot.Series;
import org.drtp.train.Augmentation;
import org.drtp.train.EarlyStopping;
import org.drtp.train.RunConfig;
import org.drtp.train.Settings;

/**
 * Tables 1 and 2 of the paper: test error (%) of every rule on every network and dropout rate, mean ± std
 * over trials, with sDFA in a supplementary table of the same layout.
 *
 * <ul>
 *   <li>table1 (MNIST): FC1-500, FC1-1000, FC2-500, FC2-1000, CONV (random), CONV (trained)
 *       ({@code CONV_32_5_1_2_FC_1000_FC_10}) x dropout 0, 0.1, 0.25 x BP, FA, DFA, DRTP, shallow (+ sDFA);
 *       Adam, BCE, batch 60, 100 epochs, 10 trials; lr 5e-4 (shallow 5e-3). Full MNIST ({@code mnist}) when it
 *       is installed, else the embedded 10k sample ({@code mnist-10k}), and the output says so.</li>
 *   <li>table2 (CIFAR-10, dataset {@code cifar10}): CONV (random) and CONV (trained)
 *       ({@code CONV_64_3_1_1_CONV_256_3_1_1_FC_1000_FC_1000_FC_10}) x the same dropout rates and rules, with
 *       "DA" rows (random horizontal flips of training images, {@code --augment flip}); batch 100, up to 200
 *       epochs with early stopping (patience 20 epochs), 10 trials. The paper says only that early stopping was
 *       applied; by default it monitors a validation split of 10% of the training images (seeded, never trained
 *       on), and monitors the test set only when asked ({@code --early-stop-on test}), which flatters the result.
 *       The table's title says which one produced it.</li>
 * </ul>
 * A network whose topology does not fit the dataset's example shape is left out with a note.
 * {@code --quick}: the first 3,000 training and 1,000 test examples, 4 epochs, 2 trials (table2: 1,000
 * training and 1,000 test examples, 2 epochs, 1 trial).
 */
final class ErrorTable implements Experiment {

    static final List<String> MAIN_RULES = List.of("bp", "fa", "dfa", "drtp", "shallow");
    static final List<String> RULES = List.of("bp", "fa", "dfa", "drtp", "shallow", "sdfa");
    static final float[] DROPOUTS = {0f, 0.1f, 0.25f};
    static final String MNIST_CONV = "CONV_32_5_1_2_FC_1000_FC_10";
    static final String CIFAR_CONV = "CONV_64_3_1_1_CONV_256_3_1_1_FC_1000_FC_1000_FC_10";
    /** Table 2's early stopping: epochs without a better monitored error. */
    static final int PATIENCE = 20;

    private final boolean cifar;

    ErrorTable(boolean cifar) {
        this.cifar = cifar;
    }

    @Override
    public String id() {
        return cifar ? "table2" : "table1";
    }

    @Override
    public String title() {
        return cifar ? "Table 2: CIFAR-10 test error (%) per network, dropout rate and rule"
                : "Table 1: MNIST test error (%) per network, dropout rate and rule";
    }

    /** Network label -> topology, in the paper's row order. */
    Map<String, String> networks() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!cifar) {
            m.put("FC1-500", "FC_500_FC_10");
            m.put("FC1-1000", "FC_1000_FC_10");
            m.put("FC2-500", "FC_500_FC_500_FC_10");
            m.put("FC2-1000", "FC_1000_FC_1000_FC_10");
        }
        m.put("CONV (random)", cifar ? CIFAR_CONV : MNIST_CONV);
        m.put("CONV (trained)", cifar ? CIFAR_CONV : MNIST_CONV);
        return m;
    }

    /** The paper's learning rate of a rule in tables 1 and 2 (table 3 searches them). */
    static double learningRate(String rule) {
        return rule.equals("shallow") ? 5e-3 : 5e-4;
    }

    @Override
    public List<RunSpec> grid(ExperimentOptions o, ExperimentData data, List<String> notes) {
        String dataset = cifar ? "cifar10" : mnistDataset(data, notes);
        TrainTest d = requireData(data, dataset);
        int trials = o.trialsOr(10, cifar ? 1 : 2);
        int epochs = o.epochsOr(cifar ? 200 : 100, cifar ? 2 : 4);
        List<RunSpec> specs = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            for (Map.Entry<String, String> net : networks().entrySet()) {
                if (!buildable(net.getValue(), d, net.getKey(), notes)) {
                    continue;
                }
                for (boolean augment : cifar ? new boolean[] {false, true} : new boolean[] {false}) {
                    for (float dropout : DROPOUTS) {
                        for (String rule : RULES) {
                            RunConfig run = RunConfig.builder().set(Settings.TOPOLOGY, Topology.parse(net.getValue()))
                                    .set(Settings.TRAIN_MODE, rule).set(Settings.LR, learningRate(rule))
                                    .set(Settings.DROPOUT, dropout)
                                    .set(Settings.FREEZE_CONV_LAYERS, net.getKey().contains("random"))
                                    .set(Settings.AUGMENT, augment ? Augmentation.FLIP : Augmentation.NONE)
                                    .set(Settings.EPOCHS, epochs).set(Settings.BATCH_SIZE, cifar ? 100 : 60)
                                    .set(Settings.EARLY_STOP_PATIENCE, cifar ? PATIENCE : 0)
                                    .set(Settings.EARLY_STOP_ON, EarlyStopping.Monitor.fromId(o.earlyStopOn()))
                                    .set(Settings.SEED, o.seed()).build();
                            specs.add(new RunSpec(id(), o.quick(), net.getKey() + (augment ? " DA" : ""),
                                    new RunSpec.DataSlice(dataset, o.quick() ? (cifar ? 1000 : 3000) : 0, o.quick() ? 1000 : 0, 0),
                                    run, 0, t));
                        }
                    }
                }
            }
        }
        return specs;
    }

    /** Full MNIST when installed; else the embedded sample, saying so. */
    static String mnistDataset(ExperimentData data, List<String> notes) {
        if (data.isAvailable("mnist")) {
            return "mnist";
        }
        notes.add("Full MNIST is not installed (looked for dataset 'mnist'; see README, Data): using the embedded"
                + " 10k-digit sample mnist-10k (8k train / 2k test) instead. Errors are higher than the paper's.");
        return "mnist-10k";
    }

    static TrainTest requireData(ExperimentData data, String dataset) {
        try {
            return data.dataset(dataset);
        } catch (IllegalArgumentException e) {
            throw new org.drtp.data.DataException("dataset '" + dataset + "' is not available in this build ("
                    + e.getMessage() + ")" + (dataset.equals("cifar10")
                    ? ": table2 needs CIFAR-10 (./drtp datasets download cifar10)" : ""), e);
        }
    }

    static boolean buildable(String topology, TrainTest d, String label, List<String> notes) {
        try {
            Network.checkShapes(Topology.parse(topology), d.train().exampleShape());
            return true;
        } catch (IllegalArgumentException e) {
            String note = "Rows " + label.replace(" (random)", "").replace(" (trained)", "") + " (" + topology
                    + ") left out: " + e.getMessage();
            if (!notes.contains(note)) {
                notes.add(note);
            }
            return false;
        }
    }

    @Override
    public List<Table> tables(List<RunResult> results) {
        List<Cell> cells = Cell.group(results);
        String dataset = cells.isEmpty() ? "" : cells.get(0).spec().data().dataset();
        List<String> notes = List.of("Test error (%) on " + dataset + ": mean of the last min(10, epochs) epochs,"
                + " mean ± sample std over " + trialsText(cells) + "; DO = dropout rate; lr 5e-4 (shallow 5e-3), Adam.");
        String stopping = stoppingText(cells);
        return List.of(layout(id(), title() + stopping, cells, MAIN_RULES, notes),
                layout(id() + "-sdfa", "Supplementary: sDFA on the same networks (" + id() + ")" + stopping, cells,
                        List.of("sdfa"), notes));
    }

    /** For the caption: what early stopping monitored (empty when no run stopped early by design). */
    static String stoppingText(List<Cell> cells) {
        List<String> on = cells.stream().filter(c -> c.spec().run().earlyStopping().patience() > 0).map(c -> c.spec().earlyStopOn())
                .distinct().toList();
        if (on.isEmpty()) {
            return "";
        }
        int patience = cells.stream().mapToInt(c -> c.spec().run().earlyStopping().patience()).max().orElse(0);
        List<String> what = new ArrayList<>();
        for (String m : on) {
            what.add(m.equals("test") ? "the test set (optimistic: the test set chose the stopping epoch)"
                    : "a validation split (" + Math.round(org.drtp.train.EarlyStopping.DEFAULT_VALIDATION_FRACTION * 100)
                    + "% of the training set, held out)");
        }
        return ", early stopping (patience " + patience + ") on " + String.join(" and on ", what);
    }

    private static String trialsText(List<Cell> cells) {
        int min = cells.stream().mapToInt(c -> c.trials().size()).min().orElse(0);
        int max = cells.stream().mapToInt(c -> c.trials().size()).max().orElse(0);
        return min == max ? min + " trial(s)" : min + " to " + max + " trials";
    }

    /** Rows: network x dropout in grid order; columns: the rules. */
    static Table layout(String id, String title, List<Cell> cells, List<String> rules, List<String> notes) {
        Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
        for (Cell c : cells) {
            String key = c.spec().network() + "\u0000" + c.spec().run().network().dropout();
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(c.spec().run().trainMode(), c);
        }
        List<String> header = new ArrayList<>(List.of("Network", "DO"));
        rules.forEach(r -> header.add(Experiments.ruleName(r)));
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Cell> byRule : rows.values()) {
            Cell any = byRule.values().iterator().next();
            List<String> row = new ArrayList<>();
            row.add(any.spec().network());
            row.add(String.format(Locale.ROOT, "%s", Float.toString(any.spec().run().network().dropout())));
            for (String r : rules) {
                Cell c = byRule.get(r);
                row.add(c == null ? "–" : c.text());
            }
            out.add(row);
        }
        return new Table(id, title, header, out, notes);
    }

    @Override
    public List<Chart> charts(List<RunResult> results) {
        // One chart per network without dropout: test error per epoch for each rule.
        Map<String, List<Series>> byNet = new LinkedHashMap<>();
        for (Cell c : Cell.group(results)) {
            if (c.spec().run().network().dropout() == 0f) {
                byNet.computeIfAbsent(c.spec().network(), k -> new ArrayList<>())
                        .add(c.epochCurve(Experiments.ruleName(c.spec().run().trainMode()), RunResult.Epoch::testError));
            }
        }
        List<Chart> charts = new ArrayList<>();
        byNet.forEach((net, series) -> charts.add(Chart.of(id() + "-" + net.replaceAll("[^A-Za-z0-9]+", "-")
                        .replaceAll("-$", "").toLowerCase(Locale.ROOT) + "-test-error",
                net + ", no dropout: test error (mean ± 1 std)", "epoch", "test error (%)", series)));
        return charts;
    }
}
