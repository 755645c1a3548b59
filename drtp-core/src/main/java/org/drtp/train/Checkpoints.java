package org.drtp.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.DataException;
import org.drtp.io.Json;
import org.drtp.io.SafeTensors;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;

/**
 * Per-trial training checkpoints in a directory: {@code trial-T/checkpoint.safetensors}, rewritten atomically
 * after every epoch. A checkpoint holds the weights, the feedback matrices, the optimizer state, the random
 * generators' states and the metrics so far, so a resumed run continues exactly where the last complete
 * epoch ended and ends with the same weights, bit for bit, as an uninterrupted run (same seed, same kernels,
 * same thread count). The run's configuration fingerprint is stored too: resuming with other settings is an
 * error, not a silent mix.
 */
public final class Checkpoints {

    static final String FORMAT = "drtp-checkpoint";
    static final String VERSION = "1";

    private final Path dir;
    private final String fingerprint;

    /**
     * @param dir         the checkpoint directory (created on first save)
     * @param fingerprint text identifying the run's configuration (e.g. {@code RunConfig.toString()})
     */
    public Checkpoints(Path dir, String fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    public Path dir() {
        return dir;
    }

    public Path file(int trial) {
        return dir.resolve("trial-" + (trial + 1)).resolve("checkpoint.safetensors");
    }

    /** What a checkpoint restored: the last completed epoch and the metrics up to it. */
    public record Restored(int epoch, List<EpochMetrics> history) {
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
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            t.put(p.name(), SafeTensors.Tensor.f32(p.shape(), p.value()));
        }
        for (FeedbackMatrix f : rule.feedbackMatrices()) {
            t.put(f.name(), SafeTensors.Tensor.f32(f.shape(), f.values()));
        }
        for (Map.Entry<String, float[]> e : opt.state().entrySet()) {
            t.put("optimizer." + e.getKey(), SafeTensors.Tensor.f32(new int[] {e.getValue().length}, e.getValue()));
        }
        for (Map.Entry<String, Rng> e : rngs.entrySet()) {
            t.put("rng." + e.getKey(), SafeTensors.Tensor.i64(new int[] {4}, e.getValue().state()));
        }
        try {
            SafeTensors.write(file(trial), meta, t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file(trial) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores trial {@code trial} into the given (freshly initialised) objects if a checkpoint exists;
     * returns null if there is none.
     */
    Restored restore(int trial, Network net, LearningRule rule, Optimizer opt, Map<String, Rng> rngs) {
        Path f = file(trial);
        if (!Files.exists(f)) {
            return null;
        }
        SafeTensors.Content c = SafeTensors.read(f);
        String src = f.toString();
        if (!FORMAT.equals(c.metadata().get("format")) || !VERSION.equals(c.metadata().get("format_version"))) {
            throw new DataException(src + ": not a drtp checkpoint of format version " + VERSION);
        }
        String stored = c.requireMeta(src, "config");
        if (!stored.equals(fingerprint)) {
            throw new InvalidSettingException("checkpoint_dir", "the checkpoint in " + dir + " was made with other settings:\n"
                    + "  checkpoint: " + stored + "\n  this run:   " + fingerprint
                    + "\nresume with the same settings or use another checkpoint directory");
        }
        for (Parameter p : net.parameters()) {
            copy(c.require(src, p.name()), src, p.name(), p.value());
        }
        for (FeedbackMatrix m : rule.feedbackMatrices()) {
            copy(c.require(src, m.name()), src, m.name(), m.values());
        }
        for (Map.Entry<String, float[]> e : opt.state().entrySet()) {
            copy(c.require(src, "optimizer." + e.getKey()), src, "optimizer." + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Rng> e : rngs.entrySet()) {
            SafeTensors.Tensor t = c.require(src, "rng." + e.getKey());
            if (t.i64() == null || t.i64().length != 4) {
                throw new DataException(src + ": rng." + e.getKey() + " must be 4 I64 values");
            }
            try {
                e.getValue().setState(t.i64());
            } catch (IllegalArgumentException bad) {
                throw new DataException(src + ": rng." + e.getKey() + " is not a valid generator state (" + bad.getMessage() + ")");
            }
        }
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
        return new Restored(epoch, history);
    }

    private static void copy(SafeTensors.Tensor t, String src, String name, float[] into) {
        if (t.f32() == null || t.f32().length != into.length) {
            throw new DataException(src + ": tensor " + name + " has " + (t.f32() == null ? "type " + t.dtype()
                    : t.f32().length + " values") + ", expected " + into.length + " F32 values");
        }
        System.arraycopy(t.f32(), 0, into, 0, into.length);
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
