package org.drtp.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.drtp.data.DataException;
import org.drtp.io.AtomicFiles;
import org.drtp.io.Json;
import org.drtp.io.SafeTensors;
import org.drtp.model.ModelState;
import org.drtp.nn.Network;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;

/**
 * Per-trial training checkpoints in a directory: {@code trial-T/checkpoint.safetensors}, rewritten atomically
 * after every epoch, and the one before it, {@code trial-T/checkpoint.previous.safetensors}, so that one damaged
 * file does not cost the run. A checkpoint holds the model state, the optimizer state and the random
 * generators' states (all through {@link ModelState}, as model files, with the same checksum) and the metrics
 * so far, so a resumed run continues exactly where the last complete epoch ended and ends with the same
 * weights, bit for bit, as an uninterrupted run (same seed, same kernels, same thread count). The run's
 * configuration fingerprint is stored too: resuming with other settings is an error, not a silent mix. A
 * damaged checkpoint is never resumed from: {@link Damaged} says so, and whether the previous one is intact.
 * {@code saved-models.txt} lists the model files the run saved, the only existing files a resumed run replaces.
 */
public final class Checkpoints {

    static final String FORMAT = "drtp-checkpoint";
    static final String VERSION = "1";
    /** The record of the model files the run saved ({@link #recordSave}). */
    static final String SAVES = "saved-models.txt";

    private final Path dir;
    private final String fingerprint;
    private final boolean usePrevious;
    private final Consumer<String> notes;
    /** Trials resumed from their previous checkpoint: their damaged latest one must not become the "previous". */
    private final java.util.Set<Integer> damagedLatest = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param dir         the checkpoint directory (created on first save)
     * @param fingerprint text identifying the run's configuration (e.g. {@code RunConfig.toString()})
     */
    public Checkpoints(Path dir, String fingerprint) {
        this(dir, fingerprint, false, note -> { });
    }

    /**
     * @param usePrevious when a trial's latest checkpoint is damaged, continue from the previous one (if intact)
     *                    instead of failing with {@link Damaged}
     * @param notes       told when a checkpoint is used that is not the latest, or has no checksum (older drtp)
     */
    public Checkpoints(Path dir, String fingerprint, boolean usePrevious, Consumer<String> notes) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.usePrevious = usePrevious;
        this.notes = notes;
    }

    public Path dir() {
        return dir;
    }

    /** The directory of trial {@code trial}'s checkpoints. */
    public Path trialDir(int trial) {
        return dir.resolve("trial-" + (trial + 1));
    }

    public Path file(int trial) {
        return trialDir(trial).resolve("checkpoint.safetensors");
    }

    /** The checkpoint of the epoch before {@link #file}'s. */
    public Path previousFile(int trial) {
        return trialDir(trial).resolve("checkpoint.previous.safetensors");
    }

    /**
     * What a run of {@code trials} trials keeps in the directory: each trial's directory and the record of
     * {@link #recordSave saved models}; a model saved there would be in the way.
     */
    public List<Path> paths(int trials) {
        List<Path> paths = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            paths.add(trialDir(t));
        }
        paths.add(dir.resolve(SAVES));
        return paths;
    }

    /**
     * Notes, before the run writes it, that {@code model} is a model file this checkpointed run saves, so that a
     * resumed run may replace it ({@link #saved}) and no other existing file. One absolute path per line.
     */
    public void recordSave(Path model) throws IOException {
        String line = key(model);
        List<String> lines = savedLines();
        if (!lines.contains(line)) {
            lines.add(line);
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(SAVES), String.join("\n", lines) + "\n");
        }
    }

    /** Whether {@code model} was {@link #recordSave recorded} as saved by this directory's run. */
    public boolean saved(Path model) {
        return savedLines().contains(key(model));
    }

    private List<String> savedLines() {
        Path f = dir.resolve(SAVES);
        try {
            return Files.isRegularFile(f) ? new ArrayList<>(Files.readAllLines(f)) : new ArrayList<>();
        } catch (IOException e) {
            return new ArrayList<>(); // unreadable: nothing recorded, so nothing is replaced without --overwrite
        }
    }

    private static String key(Path model) {
        return model.toAbsolutePath().normalize().toString();
    }

    /** Whether trial {@code trial} has a checkpoint (latest or previous). */
    public boolean exists(int trial) {
        return Files.exists(file(trial)) || Files.exists(previousFile(trial));
    }

    /** What a checkpoint restored: the last completed epoch and the metrics up to it. */
    public record Restored(int epoch, List<EpochMetrics> history) {
    }

    /**
     * The latest checkpoint of a trial is damaged (bad checksum, cut short, inconsistent). {@code previousEpoch}
     * is the epoch of the intact previous checkpoint, or 0 when there is none.
     */
    public static final class Damaged extends DataException {
        private final Path file;
        private final int previousEpoch;

        Damaged(String message, Path file, int previousEpoch, Throwable cause) {
            super(message, cause);
            this.file = file;
            this.previousEpoch = previousEpoch;
        }

        public Path file() {
            return file;
        }

        public int previousEpoch() {
            return previousEpoch;
        }
    }

    void save(int trial, int epoch, Network net, LearningRule rule, Optimizer opt, Map<String, Rng> rngs,
              List<EpochMetrics> history) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);
        meta.put("config", fingerprint);
        meta.put("trial", Integer.toString(trial));
        meta.put("epoch", Integer.toString(epoch));
        meta.put("train_mode", rule.id());
        meta.put("metrics", encode(history));
        Path f = file(trial);
        try {
            if (damagedLatest.remove(trial)) {
                Files.deleteIfExists(f);
            } else if (Files.isRegularFile(f)) {
                try {
                    Files.move(f, previousFile(trial), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(f, previousFile(trial), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            new ModelState(net, rule, opt, rngs).write(f, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + e.getMessage(), e);
        }
    }

    /** A checked checkpoint file: its content and what its metadata says. */
    private record Checked(Path file, SafeTensors.Content content, int epoch, List<EpochMetrics> history) {
    }

    /**
     * The epoch a resume of {@code trial} would continue from (0: no checkpoint), checking the checkpoint the
     * way {@link #restore} will, so that a damaged file or other settings are found before any data is loaded.
     */
    public int completedEpochs(int trial) {
        Checked c = choose(trial);
        return c == null ? 0 : c.epoch();
    }

    /**
     * Restores trial {@code trial} into the given (freshly initialised) objects if a checkpoint exists;
     * returns null if there is none.
     */
    Restored restore(int trial, Network net, LearningRule rule, Optimizer opt, Map<String, Rng> rngs) {
        Checked c = choose(trial);
        if (c == null) {
            return null;
        }
        try {
            new ModelState(net, rule, opt, rngs).load(c.content(), c.file().toString());
        } catch (DataException e) {
            throw new Damaged(e.getMessage(), c.file(), 0, e);
        }
        return new Restored(c.epoch(), c.history());
    }

    /** The checkpoint to resume from: the latest if intact, else (if allowed) the previous one; null if none. */
    private Checked choose(int trial) {
        Path latest = file(trial);
        Path previous = previousFile(trial);
        if (!Files.exists(latest)) {
            if (!Files.exists(previous)) {
                return null;
            }
            // Killed between moving the latest aside and writing the new one: the previous is the latest.
            return check(previous, trial);
        }
        try {
            return check(latest, trial);
        } catch (Damaged damaged) {
            Checked before = null;
            try {
                before = Files.exists(previous) ? check(previous, trial) : null;
            } catch (Damaged alsoDamaged) {
                // neither can be used
            }
            if (before != null && usePrevious) {
                damagedLatest.add(trial);
                notes.accept(latest + " is damaged; continuing from the previous checkpoint " + previous + " (epoch "
                        + before.epoch() + ")");
                return before;
            }
            throw new Damaged(damaged.getMessage(), latest, before == null ? 0 : before.epoch(), damaged);
        }
    }

    /** Reads and checks one checkpoint file; any damage is {@link Damaged}, other settings an IllegalArgumentException. */
    private Checked check(Path f, int trial) {
        String src = f.toString();
        SafeTensors.Content c;
        try {
            c = ModelState.read(f, notes);
        } catch (DataException e) {
            throw new Damaged(e.getMessage(), f, 0, e);
        }
        if (!FORMAT.equals(c.metadata().get("format")) || !VERSION.equals(c.metadata().get("format_version"))) {
            throw new Damaged(src + ": not a drtp checkpoint of format version " + VERSION, f, 0, null);
        }
        String stored = c.metadata().get("config");
        if (stored == null) {
            throw new Damaged(src + ": missing metadata field 'config'", f, 0, null);
        }
        if (!stored.equals(fingerprint)) {
            throw new InvalidSettingException("checkpoint_dir", "the checkpoint in " + dir + " was made with other settings:\n"
                    + "  checkpoint: " + stored + "\n  this run:   " + fingerprint
                    + "\nresume with the same settings or use another checkpoint directory");
        }
        try {
            int epoch;
            try {
                epoch = Integer.parseInt(c.requireMeta(src, "epoch"));
            } catch (NumberFormatException e) {
                throw new DataException(src + ": metadata epoch is not an integer");
            }
            List<EpochMetrics> history = decode(c.requireMeta(src, "metrics"), src);
            // A checkpoint is written after each epoch with the metrics of every epoch so far: anything else is damage.
            if (epoch < 1 || history.size() != epoch) {
                throw new DataException(src + ": metadata epoch " + epoch + " does not match its " + history.size()
                        + " recorded epoch(s) of metrics");
            }
            for (int i = 0; i < epoch; i++) {
                if (history.get(i).epoch() != i + 1 || history.get(i).trial() != trial) {
                    throw new DataException(src + ": metrics row " + (i + 1) + " is for trial " + history.get(i).trial()
                            + " epoch " + history.get(i).epoch() + ", expected trial " + trial + " epoch " + (i + 1));
                }
            }
            return new Checked(f, c, epoch, history);
        } catch (Damaged d) {
            throw d;
        } catch (DataException e) {
            throw new Damaged(e.getMessage(), f, 0, e);
        }
    }

    static String encode(List<EpochMetrics> history) {
        List<Object> rows = new ArrayList<>();
        for (EpochMetrics m : history) {
            rows.add(Arrays.asList(m.trial(), m.epoch(), num(m.trainLoss()), num(m.trainErrorPercent()), num(m.testLoss()),
                    num(m.testErrorPercent()), num(m.meanBatchLoss()), num(m.trainSeconds()), num(m.evalSeconds())));
        }
        return Json.write(rows);
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<EpochMetrics> decode(String json, String src) {
        try {
            List<EpochMetrics> out = new ArrayList<>();
            for (Object row : (List<?>) Json.parse(json)) {
                List<?> r = (List<?>) row;
                out.add(new EpochMetrics(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(), d(r.get(2)),
                        d(r.get(3)), d(r.get(4)), d(r.get(5)), d(r.get(6)), d(r.get(7)), d(r.get(8))));
            }
            return out;
        } catch (Json.FormatException | ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
            throw new DataException(src + ": metadata metrics are malformed (" + e.getMessage() + ")");
        }
    }

    private static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
