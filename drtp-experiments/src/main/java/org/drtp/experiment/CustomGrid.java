package org.drtp.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.drtp.data.DataException;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.plot.Chart;
import org.drtp.plot.Series;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.train.EarlyStopping;

/**
 * A user's own grid, read from a JSON file: every setting of {@code drtp train} may be one value or a list,
 * and the grid is every combination of the lists, times the trials. It runs on the same machinery as the
 * paper's experiments (one result file per run, resume, shards, {@code aggregate}, tables, plots, report).
 *
 * <pre>{@code
 * {"name": "depth-vs-rule", "dataset": "mnist-10k", "topology": ["FC_500_FC_10", "FC_500_FC_500_FC_10"],
 *  "train_mode": ["bp", "dfa", "drtp"], "lr": [1e-4, 5e-4], "epochs": 20, "trials": 3, "align_every": 2000}
 * }</pre>
 *
 * Tables and charts are built from the results alone (like the paper's experiments), so {@code aggregate}
 * needs no grid file: a table has one row per combination, a column for every setting that varies, then the
 * test error (test loss for regression) and the number of trials.
 */
public final class CustomGrid implements Experiment {

    /** Settings a grid file may hold, with their defaults (those of {@code drtp train}). */
    static final Map<String, Object> DEFAULTS = defaults();

    private final String name;
    private final Path source;
    private final Map<String, List<Object>> axes;
    private final int trials;
    private final long seed;

    private CustomGrid(String name, Path source, Map<String, List<Object>> axes, int trials, long seed) {
        this.name = name;
        this.source = source;
        this.axes = axes;
        this.trials = trials;
        this.seed = seed;
    }

    /** A grid known only by its results' name: enough for tables and charts (aggregate, reports). */
    public static CustomGrid forResults(String name) {
        return new CustomGrid(name, null, Map.of(), 0, 0);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", "mnist-10k");
        d.put("topology", "FC_500_FC_500_FC_10");
        d.put("train_mode", "drtp");
        d.put("optimizer", "adam");
        d.put("lr", 5e-4);
        d.put("loss", "bce");
        d.put("hidden_act", "tanh");
        d.put("output_act", "sigmoid");
        d.put("dropout", 0.0);
        d.put("fc_zero_init", false);
        d.put("freeze_conv_layers", false);
        d.put("augment", "none");
        d.put("batch_size", 60);
        d.put("epochs", 100);
        d.put("patience", 0);
        d.put("early_stop_on", "validation");
        d.put("align_every", 0);
        d.put("train_limit", 0);
        d.put("test_limit", 0);
        d.put("validation", 0);
        return d;
    }

    /**
     * Reads and checks a grid file. Every problem is a {@link DataException} naming the file and the field.
     */
    public static CustomGrid read(Path file) {
        JsonNode root;
        try {
            root = ResultStore.JSON.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(file + ": grid file not found");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at.*", "").lines().findFirst().orElse("");
            throw new DataException(file + ": not valid JSON" + at + " (" + why + ")", e);
        } catch (IOException e) {
            throw new DataException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new DataException(file + ": expected a JSON object of settings, e.g. {\"name\": \"my-grid\", \"train_mode\": [\"bp\", \"drtp\"]}");
        }
        Set<String> allowed = new LinkedHashSet<>(DEFAULTS.keySet());
        allowed.add("name");
        allowed.add("trials");
        allowed.add("seed");
        root.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new DataException(file + ": unknown field '" + k + "'; a grid file may hold " + String.join(", ", allowed));
            }
        });
        JsonNode n = root.get("name");
        if (n == null || !n.isTextual() || !n.asText().matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new DataException(file + ": field 'name' must be a short id of lower-case letters, digits and '-'"
                    + " (it names the result files), got " + (n == null ? "nothing" : n.toString()));
        }
        String name = n.asText();
        if (Experiments.IDS.contains(name)) {
            throw new DataException(file + ": name '" + name + "' is one of the paper's experiments; choose another");
        }
        int trials = (int) integer(file, "trials", root.get("trials"), 1, 1);
        long seed = integer(file, "seed", root.get("seed"), ExperimentOptions.DEFAULT_SEED, Long.MIN_VALUE);
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> d : DEFAULTS.entrySet()) {
            JsonNode v = root.get(d.getKey());
            List<JsonNode> values = new ArrayList<>();
            if (v == null) {
                axes.put(d.getKey(), List.of(d.getValue()));
                continue;
            }
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw new DataException(file + ": field '" + d.getKey() + "' is an empty list; give at least one value");
                }
                v.forEach(values::add);
            } else {
                values.add(v);
            }
            List<Object> parsed = new ArrayList<>();
            for (JsonNode x : values) {
                Object o = value(file, d.getKey(), d.getValue(), x);
                if (parsed.contains(o)) {
                    throw new DataException(file + ": field '" + d.getKey() + "' lists " + x + " twice");
                }
                parsed.add(o);
            }
            axes.put(d.getKey(), List.copyOf(parsed));
        }
        return new CustomGrid(name, file, axes, trials, seed);
    }

    private static long integer(Path file, String key, JsonNode v, long dflt, long min) {
        if (v == null) {
            return dflt;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min) {
            throw new DataException(file + ": field '" + key + "' must be an integer" + (min > Long.MIN_VALUE ? " >= " + min : "")
                    + ", got " + v);
        }
        return v.asLong();
    }

    /** One value of a field, checked against what that setting accepts. */
    private static Object value(Path file, String key, Object dflt, JsonNode x) {
        String where = file + ": field '" + key + "': ";
        try {
            if (dflt instanceof Boolean) {
                if (!x.isBoolean()) {
                    throw new DataException(where + "expected true or false, got " + x);
                }
                return x.asBoolean();
            }
            if (dflt instanceof Integer) {
                long v = integer(file, key, x, 0, key.equals("batch_size") || key.equals("epochs") ? 1 : 0);
                if (v > Integer.MAX_VALUE) {
                    throw new DataException(where + "too large: " + x);
                }
                return (int) v;
            }
            if (dflt instanceof Double) {
                if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                    throw new DataException(where + "expected a number, got " + x);
                }
                double v = x.asDouble();
                if (key.equals("lr") && !(v > 0)) {
                    throw new DataException(where + "expected a positive learning rate, got " + x);
                }
                if (key.equals("dropout") && !(v >= 0 && v < 1)) {
                    throw new DataException(where + "expected a probability in [0, 1), got " + x);
                }
                return v;
            }
            if (!x.isTextual()) {
                throw new DataException(where + "expected a string, got " + x);
            }
            String s = x.asText().trim();
            String lower = s.toLowerCase(Locale.ROOT);
            switch (key) {
                case "dataset" -> {
                    if (!DatasetCatalog.ids().contains(s)) {
                        throw new DataException(where + "unknown dataset '" + s + "', expected one of "
                                + String.join(", ", DatasetCatalog.ids()));
                    }
                }
                case "topology" -> Topology.parse(s);
                case "train_mode" -> {
                    if (!LearningRules.IDS.contains(lower)) {
                        throw new DataException(where + "unknown rule '" + s + "', expected one of " + String.join(", ", LearningRules.IDS));
                    }
                    return lower;
                }
                case "optimizer" -> {
                    // Its own id: the reference's spelling SGD is momentum 0.9, never plain sgd (docs/semantics.md).
                    return Optimizers.create(s, 1e-3).id();
                }
                case "early_stop_on" -> {
                    return EarlyStopping.Monitor.fromId(lower).id();
                }
                case "loss" -> {
                    Loss.fromId(lower);
                    return lower;
                }
                case "hidden_act", "output_act" -> {
                    Activation.fromId(lower);
                    return lower;
                }
                case "augment" -> {
                    if (!lower.equals("none") && !lower.equals("flip")) {
                        throw new DataException(where + "expected none or flip, got '" + s + "'");
                    }
                    return lower;
                }
                default -> throw new IllegalStateException(key);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new DataException(where + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public String title() {
        return "Grid '" + name + "'" + (source == null ? "" : " (" + source.getFileName() + ")");
    }

    /** How many runs the file describes: the product of its lists, times the trials. */
    public int size() {
        int n = trials;
        for (List<Object> v : axes.values()) {
            n *= v.size();
        }
        return n;
    }

    @Override
    public List<RunSpec> grid(ExperimentOptions o, ExperimentData data, List<String> notes) {
        if (source == null) {
            throw new IllegalStateException("grid '" + name + "' was not read from a file");
        }
        int t = o.trials() > 0 ? o.trials() : trials;
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<RunSpec> firstTrials = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        for (Map<String, Object> c : combos) {
            RunSpec s = spec(c, o.epochs() > 0 ? o.epochs() : (int) c.get("epochs"));
            check(s, data, checked);
            firstTrials.add(s);
        }
        // Trial-major, as the paper's grids: the first trial of every combination comes before any second one,
        // so an interrupted sweep (or any one shard) already covers the whole grid.
        List<RunSpec> specs = new ArrayList<>();
        for (int trial = 0; trial < t; trial++) {
            for (RunSpec s : firstTrials) {
                specs.add(s.withTrial(trial));
            }
        }
        return specs;
    }

    /** The first trial of one combination of the axes. */
    private RunSpec spec(Map<String, Object> c, int epochs) {
        String topology = (String) c.get("topology");
        return new RunSpec(name, false, (String) c.get("dataset"), (int) c.get("train_limit"), (int) c.get("test_limit"),
                (int) c.get("validation"), topology, topology, (String) c.get("train_mode"), (String) c.get("optimizer"),
                (double) c.get("lr"), (String) c.get("loss"), (String) c.get("hidden_act"), (String) c.get("output_act"),
                (float) (double) (Double) c.get("dropout"), (boolean) c.get("fc_zero_init"),
                (boolean) c.get("freeze_conv_layers"), c.get("augment").equals("flip"), epochs, (int) c.get("batch_size"),
                (int) c.get("patience"), (String) c.get("early_stop_on"), (int) c.get("align_every"), seed, 0);
    }

    /** Settings that only fail together (loss vs output, topology vs data) fail here, before anything runs. */
    private void check(RunSpec s, ExperimentData data, Set<String> checked) {
        String combo = s.dataset() + " / " + s.topology() + " / " + s.rule() + " / " + s.loss() + " / " + s.outputAct();
        try {
            s.toRunConfig();
            if (checked.add(s.dataset() + "|" + s.topology() + "|" + s.validation())) {
                TrainTest d = data.forRun(s);
                int outputs = Network.outputUnits(Topology.parse(s.topology()), d.train().exampleShape());
                if (outputs != d.train().targetSize()) {
                    throw new InvalidSettingException("the output layer has " + outputs + " units but dataset "
                            + s.dataset() + " has " + d.train().targetSize() + " classes or targets");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ": the combination " + combo + " cannot run: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Table> tables(List<RunResult> results) {
        List<Cell> cells = Cell.group(results);
        List<Column> varying = varying(cells);
        boolean anyLoss = cells.stream().anyMatch(CustomGrid::regression);
        boolean allLoss = cells.stream().allMatch(CustomGrid::regression);
        List<String> header = new ArrayList<>();
        varying.forEach(c -> header.add(c.title));
        header.add(allLoss ? "Test loss" : anyLoss ? "Test error (%) or loss" : "Test error (%)");
        header.add("Trials");
        List<List<String>> rows = new ArrayList<>();
        for (Cell c : cells) {
            List<String> row = new ArrayList<>();
            varying.forEach(col -> row.add(col.value.apply(c.spec())));
            // For regression a run's final "error" is its test loss (RunExecutor), shown with more digits.
            row.add(regression(c) ? Cell.meanStd(c.finalErrors(), "%.4f") : c.text());
            row.add(Integer.toString(c.trials().size()));
            rows.add(row);
        }
        List<String> notes = new ArrayList<>();
        notes.add("Test error: mean of the last min(10, epochs) epochs (test loss for regression), mean ± sample std over"
                + " trials. Settings that are the same in every row are left out. Timings are in the result files"
                + " (runs/*.json), not here: a table depends on the results' numbers only, so shards aggregate to it exactly.");
        return List.of(new Table(name, title(), header, rows, notes));
    }

    private record Column(String title, Function<RunSpec, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Dataset", RunSpec::dataset),
            new Column("Topology", RunSpec::topology),
            new Column("Rule", s -> Experiments.ruleName(s.rule())),
            new Column("Optimizer", RunSpec::optimizer),
            new Column("lr", s -> number(s.lr())),
            new Column("Loss", RunSpec::loss),
            new Column("Hidden act.", RunSpec::hiddenAct),
            new Column("Output act.", RunSpec::outputAct),
            new Column("Dropout", s -> number(s.dropout())),
            new Column("Zero init", s -> Boolean.toString(s.fcZeroInit())),
            new Column("Frozen conv", s -> Boolean.toString(s.freezeConv())),
            new Column("Augment", s -> s.augment() ? "flip" : "none"),
            new Column("Batch", s -> Integer.toString(s.batchSize())),
            new Column("Epochs", s -> Integer.toString(s.epochs())),
            new Column("Patience", s -> Integer.toString(s.patience())),
            new Column("Early stop on", RunSpec::earlyStopOn),
            new Column("Train limit", s -> Integer.toString(s.trainLimit())),
            new Column("Test limit", s -> Integer.toString(s.testLimit())),
            new Column("Validation", s -> Integer.toString(s.validation())),
            new Column("Seed", s -> Long.toString(s.seed())));

    /** A regression cell: its epochs have a test loss but no test error. */
    private static boolean regression(Cell c) {
        List<RunResult.Epoch> e = c.trials().get(0).epochs();
        return !e.isEmpty() && Double.isNaN(e.get(0).testError());
    }

    /** {@code 5.0E-4 -> 0.0005}, {@code 0.25 -> 0.25}, {@code 0.0 -> 0}: short, exact to 4 significant digits. */
    private static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The settings whose value differs between cells (at least the rule, so that every row has a label). */
    private static List<Column> varying(List<Cell> cells) {
        List<Column> varying = new ArrayList<>();
        for (Column col : COLUMNS) {
            if (cells.stream().map(c -> col.value.apply(c.spec())).distinct().count() > 1) {
                varying.add(col);
            }
        }
        if (varying.isEmpty()) {
            varying.add(COLUMNS.get(2));
        }
        return varying;
    }

    /** A cell's label in plot legends: its values of the varying settings. */
    private static String label(Cell c, List<Column> varying) {
        List<String> parts = new ArrayList<>();
        varying.forEach(col -> parts.add(col.value.apply(c.spec())));
        return String.join(" ", parts);
    }

    @Override
    public List<Chart> charts(List<RunResult> results) {
        List<Cell> cells = Cell.group(results);
        List<Column> varying = varying(cells);
        List<Chart> charts = new ArrayList<>();
        List<Series> error = new ArrayList<>();
        List<Series> loss = new ArrayList<>();
        for (Cell c : cells) {
            String l = label(c, varying);
            if (!regression(c)) {
                error.add(c.epochCurve(l, RunResult.Epoch::testError));
            }
            loss.add(c.epochCurve(l, RunResult.Epoch::testLoss));
        }
        if (!error.isEmpty()) {
            charts.add(Chart.of(name + "-test-error", name + ": test error (mean ± 1 std)", "epoch", "test error (%)", error));
        }
        charts.add(new Chart(name + "-test-loss", name + ": test loss (mean ± 1 std)", "epoch", "test loss", loss, true,
                Double.NaN, Double.NaN, Double.NaN));
        int layers = cells.stream().mapToInt(Cell::alignedLayers).max().orElse(0);
        for (int k = 0; k < layers; k++) {
            List<Series> angles = new ArrayList<>();
            for (Cell c : cells) {
                if (c.alignedLayers() > k && !c.spec().rule().equals("bp")) {
                    angles.add(c.angleCurve(label(c, varying), k));
                }
            }
            if (!angles.isEmpty()) {
                charts.add(new Chart(name + "-angles-h" + (k + 1), name + ": alignment angle with BP, hidden layer " + (k + 1)
                        + " (EMA 0.95, mean ± 1 std)", "training samples (thousands)", "angle (degrees)", angles, false, 0,
                        Double.NaN, 90));
            }
        }
        return charts;
    }
}
