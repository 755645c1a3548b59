package org.drtp.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.drtp.nn.Topology;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.Augmentation;
import org.drtp.train.EarlyStopping;
import org.drtp.train.RunConfig;
import org.drtp.train.Setting;
import org.drtp.train.Settings;

/**
 * One run of a grid: one rule on one network in one setting, one trial. Everything that changes a run's
 * numbers is here, so two equal specs give the same result (same seed and trial = same random streams,
 * {@code Rng.forComponent(seed, trial, RandomStream)}), whichever machine, shard or thread runs them.
 *
 * @param experiment fig2, fig3, table1, table2, table3, or a grid file's name
 * @param quick      whether this is a run of the {@code --quick} miniature (labels outputs)
 * @param network    row label of the network, e.g. FC2-500 or CONV (random)
 * @param data       the data the run trains and is evaluated on
 * @param run        every run setting (docs/settings.md); its trial count is always 1 (a spec is one trial)
 * @param alignEvery measure alignment angles every this many training samples (0 = never)
 * @param trial      the trial (0-based)
 */
public record RunSpec(String experiment, boolean quick, String network, DataSlice data, RunConfig run, int alignEvery,
                      int trial) {

    /**
     * The data of a run.
     *
     * @param dataset    catalog id (mnist, mnist-10k, synthetic-classification, cifar10, ...)
     * @param trainLimit use only the first examples of the training set (0 = all)
     * @param testLimit  use only the first examples of the test set (0 = all)
     * @param validation hold out the last {@code validation} training examples and evaluate on them instead of
     *                   the test set (table 3's learning-rate search; 0 = evaluate on the test set)
     */
    public record DataSlice(String dataset, int trainLimit, int testLimit, int validation) {
        public DataSlice {
            Objects.requireNonNull(dataset, "dataset");
        }

        /** The whole of a dataset. */
        public static DataSlice of(String dataset) {
            return new DataSlice(dataset, 0, 0, 0);
        }
    }

    public RunSpec {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(run, "run");
        run = run.trials() == 1 ? run : run.withTrials(1);
    }

    /** The training configuration of this run (one trial of a multi-trial configuration). */
    public RunConfig toRunConfig() {
        return run.withTrials(trial + 1);
    }

    /** The run without its trial: the cell of a table whose trials are averaged. */
    public RunSpec cell() {
        return withTrial(0);
    }

    public RunSpec withTrial(int t) {
        return new RunSpec(experiment, quick, network, data, run, alignEvery, t);
    }

    // ---- Compatibility: result files and their hashes predate the settings table ------------------------------
    // Result stores and shard resumes find a run by its file name, a hash of canonical(); result files hold the spec
    // as the flat JSON object below. Both keep the form they had before the table (docs/settings.md, "Result
    // files"): the settings of that time in their order, under their camelCase names; a setting added since is
    // appended as key=value (hash) or by its key (JSON), in the hash only when it is not at its default, so that
    // the runs of existing grids keep their names.

    /** The settings of result files written before the table, by their name there, in their order there. */
    private static final Map<Setting<?>, String> LEGACY_NAMES = legacyNames();

    private static Map<Setting<?>, String> legacyNames() {
        Map<Setting<?>, String> m = new LinkedHashMap<>();
        m.put(Settings.TOPOLOGY, "topology");
        m.put(Settings.TRAIN_MODE, "rule");
        m.put(Settings.OPTIMIZER, "optimizer");
        m.put(Settings.LR, "lr");
        m.put(Settings.LOSS, "loss");
        m.put(Settings.HIDDEN_ACT, "hiddenAct");
        m.put(Settings.OUTPUT_ACT, "outputAct");
        m.put(Settings.DROPOUT, "dropout");
        m.put(Settings.FC_ZERO_INIT, "fcZeroInit");
        m.put(Settings.FREEZE_CONV_LAYERS, "freezeConv");
        m.put(Settings.AUGMENT, "augment"); // written as a boolean: flip or not
        m.put(Settings.EPOCHS, "epochs");
        m.put(Settings.BATCH_SIZE, "batchSize");
        m.put(Settings.EARLY_STOP_PATIENCE, "patience");
        m.put(Settings.EARLY_STOP_ON, "earlyStopOn"); // "none" when patience is 0
        m.put(Settings.SEED, "seed");
        return m;
    }

    /** Settings that are no part of a spec's identity: a spec is one trial. */
    private static final List<Setting<?>> NOT_STORED = List.of(Settings.TRIALS);

    /** Canonical text of every field, the source of {@link #fileName()}'s hash. */
    public String canonical() {
        StringBuilder sb = new StringBuilder(String.join("|", experiment, Boolean.toString(quick), data.dataset(),
                Integer.toString(data.trainLimit()), Integer.toString(data.testLimit()), Integer.toString(data.validation()),
                network, topologyText(), text(Settings.TRAIN_MODE), text(Settings.OPTIMIZER), text(Settings.LR),
                text(Settings.LOSS), text(Settings.HIDDEN_ACT), text(Settings.OUTPUT_ACT), text(Settings.DROPOUT),
                text(Settings.FC_ZERO_INIT), text(Settings.FREEZE_CONV_LAYERS), Boolean.toString(augmented()),
                text(Settings.EPOCHS), text(Settings.BATCH_SIZE), text(Settings.EARLY_STOP_PATIENCE),
                Integer.toString(alignEvery), text(Settings.SEED), Integer.toString(trial)));
        // Only runs that stop on a validation split say so: older specs (and their file names) stay as they were.
        if (run.earlyStopping().holdsOutValidation()) {
            sb.append("|stop_on=validation");
        }
        for (Setting<?> s : Settings.ALL) {
            if (!LEGACY_NAMES.containsKey(s) && !NOT_STORED.contains(s) && !s.isDefault(run)) {
                sb.append('|').append(s.key()).append('=').append(text(s));
            }
        }
        return sb.toString();
    }

    /**
     * The topology as hashes and result files spell it. A grid file labels its rows with the topology as its author
     * wrote it (e.g. {@code fc_500_fc_10}) and that spelling is what the hashes of its runs hold, so a row label
     * that spells this run's topology is used as it is; otherwise drtp's spelling.
     */
    public String topologyText() {
        try {
            if (Topology.parse(network).equals(run.topology())) {
                return network;
            }
        } catch (InvalidSettingException e) {
            // a row label such as FC2-500: not a topology
        }
        return run.topology().toString();
    }

    private String text(Setting<?> s) {
        return String.valueOf(run.plain(s));
    }

    private boolean augmented() {
        return run.augmentation() == Augmentation.FLIP;
    }

    /** What early stopping monitors, as result files write it: {@code none} when it is off. */
    public String earlyStopOn() {
        return run.earlyStopping().enabled() ? run.earlyStopping().monitor().id() : "none";
    }

    /** The flat JSON object of a result file's {@code spec}. */
    @JsonValue
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment);
        m.put("quick", quick);
        m.put("dataset", data.dataset());
        m.put("trainLimit", data.trainLimit());
        m.put("testLimit", data.testLimit());
        m.put("validation", data.validation());
        m.put("network", network);
        LEGACY_NAMES.forEach((s, name) -> m.put(name, run.plain(s)));
        m.put("topology", topologyText());
        m.put("augment", augmented());
        m.put("earlyStopOn", earlyStopOn());
        m.put("alignEvery", alignEvery);
        m.put("trial", trial);
        for (Setting<?> s : Settings.ALL) {
            if (!LEGACY_NAMES.containsKey(s) && !NOT_STORED.contains(s)) {
                m.put(s.key(), run.plain(s));
            }
        }
        return m;
    }

    /** Reads the JSON object of {@link #toJson}, also as written before the settings table. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RunSpec fromJson(Map<String, Object> m) {
        RunConfig.Builder b = RunConfig.builder();
        LEGACY_NAMES.forEach((s, name) -> {
            Object v = m.get(name);
            if (s == Settings.AUGMENT) {
                v = Boolean.TRUE.equals(v) ? Augmentation.FLIP.id() : Augmentation.NONE.id();
            } else if (s == Settings.EARLY_STOP_ON) {
                // "none" when early stopping is off; absent from files written before the choice: those stopped on the test set.
                v = v == null || "".equals(v) ? EarlyStopping.Monitor.TEST.id() : "none".equals(v) ? null : v;
            }
            if (v != null) {
                b.setPlain(s, v);
            }
        });
        for (Setting<?> s : Settings.ALL) {
            if (!LEGACY_NAMES.containsKey(s) && !NOT_STORED.contains(s) && m.get(s.key()) != null) {
                b.setPlain(s, m.get(s.key()));
            }
        }
        return new RunSpec(string(m, "experiment"), Boolean.TRUE.equals(m.get("quick")), string(m, "network"),
                new DataSlice(string(m, "dataset"), integer(m, "trainLimit"), integer(m, "testLimit"),
                        integer(m, "validation")), b.build(), integer(m, "alignEvery"), integer(m, "trial"));
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new InvalidSettingException(key, "expected a string, got " + m.get(key));
        }
        return s;
    }

    private static int integer(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : 0;
    }

    /**
     * A stable, readable file name: the fields one looks for, then 10 hex digits of the SHA-256 of
     * {@link #canonical()} so that runs differing in any other field never share a file, e.g.
     * {@code table1-FC2-500-do0.1-drtp-lr0.0005-t03-1a2b3c4d5e.json}.
     */
    public String fileName() {
        String readable = String.format(Locale.ROOT, "%s%s-%s-do%s-%s-lr%s-t%02d", experiment, quick ? "-quick" : "",
                network, trim(text(Settings.DROPOUT)), run.trainMode(), trim(text(Settings.LR)), trial);
        return safe(readable) + "-" + hash(canonical()) + ".json";
    }

    /** {@code 5.0E-4 -> 5e-4}, {@code 0.0 -> 0}, {@code 0.25 -> 0.25}. */
    private static String trim(String s) {
        if (s.contains("E")) {
            return s.replace(".0E", "e").replace("E", "e");
        }
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
