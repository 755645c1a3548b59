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
import org.drtp.plot.Chart;
import org.drtp.plot.Series;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.RunConfig;
import org.drtp.train.Setting;
import org.drtp.train.Settings;

/**
 * A user's own grid, read from a JSON file: every run setting (the table {@link Settings}, keys as in
 * docs/settings.md; {@code trials} and {@code seed} are one value for the grid) and the data keys may be one value or a list,
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

    /**
     * The keys of a grid file that are not run settings: the data a run uses and how often alignment is measured,
     * with their defaults.
     */
    private static final Map<String, Object> DATA_KEYS = new LinkedHashMap<>();

    static {
        DATA_KEYS.put("dataset", "mnist-10k");
        DATA_KEYS.put("align_every", 0);
        DATA_KEYS.put("train_limit", 0);
        DATA_KEYS.put("test_limit", 0);
        DATA_KEYS.put("validation", 0);
    }

    /**
     * The most runs a grid file may describe (the product of its lists' lengths times its trials): beyond any study
     * (a run takes seconds to hours), and small enough to plan: every invocation, each shard's too, expands the whole
     * grid and writes its manifest (a file name per run). Measured: 100,000 runs plan in about 35 s and 2 GB of memory,
     * 1,000,000 in 4 min and 6 GB. Documented in docs/reproducing.md, "Your own grids".
     */
    public static final int MAX_RUNS = 100_000;

    /** Run settings that are one value for the whole grid (a top-level integer), not an axis. */
    private static final List<Setting<?>> GRID_LEVEL = List.of(Settings.TRIALS, Settings.SEED);

    /**
     * The axes in the order grid files had before the settings table (it fixes the order of the runs, which shards
     * slice, so a sweep resumed after an upgrade keeps its shards' runs); the table's other settings follow.
     */
    private static final List<String> AXES = axes();

    private static List<String> axes() {
        List<String> order = new ArrayList<>(List.of("dataset", "topology", "train_mode", "optimizer", "lr", "loss",
                "hidden_act", "output_act", "dropout", "fc_zero_init", "freeze_conv_layers", "augment", "batch_size",
                "epochs", "early_stop_patience", "early_stop_on", "align_every", "train_limit", "test_limit", "validation"));
        Settings.ALL.stream().filter(s -> !GRID_LEVEL.contains(s) && !order.contains(s.key())).forEach(s -> order.add(s.key()));
        return List.copyOf(order);
    }

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
            throw new DataException(file + ": " + JsonProblems.describe(e), e);
        } catch (IOException e) {
            throw new DataException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new DataException(file + ": expected a JSON object of settings, e.g. {\"name\": \"my-grid\", \"train_mode\": [\"bp\", \"drtp\"]}");
        }
        Set<String> allowed = new LinkedHashSet<>(AXES);
        allowed.add("name");
        allowed.add("trials");
        allowed.add("seed");
        Map<String, String> legacy = new LinkedHashMap<>(); // a setting's former key -> its key
        Settings.ALL.stream().filter(s -> s.legacyGridKey() != null).forEach(s -> legacy.put(s.legacyGridKey(), s.key()));
        root.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k) && !legacy.containsKey(k)) {
                throw new DataException(file + ": unknown field '" + k + "'; a grid file may hold " + String.join(", ", allowed));
            }
            if (legacy.containsKey(k) && root.has(legacy.get(k))) {
                throw new DataException(file + ": fields '" + k + "' and '" + legacy.get(k) + "' are the same setting; give one");
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
        long trials = integer(file, "trials", root.get("trials"), 1, 1);
        long seed = integer(file, "seed", root.get("seed"), ExperimentOptions.DEFAULT_SEED, Long.MIN_VALUE);
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (String key : AXES) {
            Setting<?> setting = Settings.byKey(key);
            JsonNode v = root.has(key) || setting == null || setting.legacyGridKey() == null ? root.get(key)
                    : root.get(setting.legacyGridKey());
            if (v == null) {
                axes.put(key, List.of(DATA_KEYS.containsKey(key) ? DATA_KEYS.get(key) : Settings.byKey(key).plainDefault()));
                continue;
            }
            List<JsonNode> values = new ArrayList<>();
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw new DataException(file + ": field '" + key + "' is an empty list; give at least one value");
                }
                v.forEach(values::add);
            } else {
                values.add(v);
            }
            List<Object> parsed = new ArrayList<>();
            for (JsonNode x : values) {
                Object o = value(file, key, x);
                if (parsed.contains(o)) {
                    throw new DataException(file + ": field '" + key + "' lists " + x + " twice");
                }
                parsed.add(o);
            }
            axes.put(key, List.copyOf(parsed));
        }
        // Counted before the grid is expanded: a grid of billions of runs would fill the heap for minutes first.
        java.math.BigInteger runs = java.math.BigInteger.valueOf(trials);
        for (List<Object> v : axes.values()) {
            runs = runs.multiply(java.math.BigInteger.valueOf(v.size()));
        }
        if (runs.compareTo(java.math.BigInteger.valueOf(MAX_RUNS)) > 0) {
            StringBuilder product = new StringBuilder();
            axes.forEach((k, v) -> product.append(v.size() > 1 ? v.size() + " " + k + " x " : ""));
            throw new DataException(file + ": the grid has " + String.format(Locale.ROOT, "%,d", runs) + " runs (" + product
                    + trials + " trial(s)), more than the " + String.format(Locale.ROOT, "%,d", MAX_RUNS) + " a grid may have;"
                    + " split it into smaller grids");
        }
        return new CustomGrid(name, file, axes, (int) trials, seed);
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

    /**
     * One value of a field, checked as its setting checks it (the table, {@link Settings}) and returned as the
     * setting writes it (normalised: ids in lower case), except a topology, kept as written.
     */
    private static Object value(Path file, String key, JsonNode x) {
        String where = file + ": field '" + key + "': ";
        Setting<?> setting = Settings.byKey(key);
        if (setting == null) { // a data key
            if (key.equals("dataset")) {
                String s = x.isTextual() ? x.asText().trim() : null;
                if (s == null || !DatasetCatalog.ids().contains(s)) {
                    throw new DataException(where + "unknown dataset " + x + ", expected one of "
                            + String.join(", ", DatasetCatalog.ids()));
                }
                return s;
            }
            long v = integer(file, key, x, 0, 0);
            if (v > Integer.MAX_VALUE) {
                throw new DataException(where + "too large: " + x);
            }
            return (int) v;
        }
        Object plain = switch (setting.kind()) {
            case FLAG -> x.isBoolean() ? x.asBoolean() : null;
            case INT -> x.isIntegralNumber() && x.canConvertToInt() ? x.asInt() : null;
            case LONG -> x.isIntegralNumber() && x.canConvertToLong() ? x.asLong() : null;
            case DOUBLE, FLOAT -> x.isNumber() && Double.isFinite(x.asDouble()) ? x.asDouble() : null;
            case TEXT -> x.isTextual() ? x.asText() : null;
        };
        if (plain == null) {
            throw new DataException(where + "expected " + setting.expected() + ", got " + x);
        }
        try {
            if (setting == Settings.TOPOLOGY) {
                // As written: it labels the grid's rows, and the hashes of runs made before the settings table hold it.
                setting.parse(plain);
                return ((String) plain).trim();
            }
            return setting.normalise(plain);
        } catch (InvalidSettingException e) {
            throw new DataException(where + e.problem(), e);
        }
    }

    /** The grid file it was read from; null for a grid known only by its results' name. */
    public Path source() {
        return source;
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
            firstTrials.add(spec(c, o.epochs(), data, checked));
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

    /**
     * The first trial of one combination of the axes ({@code epochs} > 0 overrides the grid's). Settings that only
     * fail together (loss and output activation, topology and data) fail here, before anything runs.
     */
    private RunSpec spec(Map<String, Object> c, int epochs, ExperimentData data, Set<String> checked) {
        String combo = c.get("dataset") + " / " + c.get("topology") + " / " + c.get("train_mode") + " / " + c.get("loss")
                + " / " + c.get("output_act");
        try {
            RunConfig.Builder b = RunConfig.builder().set(Settings.SEED, seed);
            c.forEach((key, v) -> {
                if (Settings.byKey(key) != null) {
                    b.setPlain(Settings.byKey(key), v);
                }
            });
            if (epochs > 0) {
                b.set(Settings.EPOCHS, epochs);
            }
            RunConfig run = b.build();
            RunSpec s = new RunSpec(name, false, (String) c.get("topology"), new RunSpec.DataSlice((String) c.get("dataset"),
                    (int) c.get("train_limit"), (int) c.get("test_limit"), (int) c.get("validation")), run,
                    (int) c.get("align_every"), 0);
            if (checked.add(s.data().dataset() + "|" + s.run().topology() + "|" + s.data().validation())) {
                run.checkFits(data.forRun(s).train(), s.data().dataset());
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ": the combination " + combo + " cannot run: "
                    + (e instanceof InvalidSettingException s ? s.problem() : e.getMessage()), e);
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

    /** A column per setting that can vary (in the table's order, the rule first among them), then the data's. */
    private static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("Dataset", s -> s.data().dataset()));
        for (Setting<?> setting : Settings.ALL) {
            if (GRID_LEVEL.contains(setting)) {
                continue;
            }
            Function<RunSpec, String> text = setting == Settings.TOPOLOGY ? RunSpec::topologyText
                    : setting == Settings.TRAIN_MODE ? s -> Experiments.ruleName(s.run().trainMode())
                    : setting.kind() == Setting.Kind.DOUBLE || setting.kind() == Setting.Kind.FLOAT
                    ? s -> number(((Number) s.run().plain(setting)).doubleValue())
                    : setting == Settings.EARLY_STOP_ON ? RunSpec::earlyStopOn : s -> String.valueOf(s.run().plain(setting));
            cols.add(new Column(setting.title(), text));
        }
        cols.add(new Column("Train limit", s -> Integer.toString(s.data().trainLimit())));
        cols.add(new Column("Test limit", s -> Integer.toString(s.data().testLimit())));
        cols.add(new Column("Validation", s -> Integer.toString(s.data().validation())));
        cols.add(new Column("Seed", s -> Long.toString(s.run().seed())));
        return List.copyOf(cols);
    }

    private static final Column RULE_COLUMN = COLUMNS.get(Settings.ALL.indexOf(Settings.TRAIN_MODE) + 1);

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
            varying.add(RULE_COLUMN);
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
                if (c.alignedLayers() > k && !c.spec().run().trainMode().equals("bp")) {
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
