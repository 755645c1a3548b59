package org.drtp.cli.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.drtp.io.AtomicFiles;
import org.drtp.train.EpochMetrics;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;

/**
 * The {@code --out DIR} of a training run: {@code manifest.json} (how the run was started),
 * {@code metrics.csv} (one row per epoch and trial) and {@code summary.json} (per-trial results so far).
 * Every file is rewritten atomically after each epoch, so a killed run leaves complete files of what it
 * had finished.
 */
public final class RunDirectory implements TrainingListener {

    public static final String CSV_HEADER =
            "trial,epoch,train_loss,train_error_percent,test_loss,test_error_percent,mean_batch_loss,train_seconds,eval_seconds\n";

    private final Path dir;
    private final RunSummary summary;
    private final StringBuilder csv = new StringBuilder(CSV_HEADER);
    /** Whether this run made the directory (so it may remove it again if the run never started). */
    private final boolean created;

    /** Creates the directory (or checks it is writable) and writes the manifest. */
    public RunDirectory(Path dir, Map<String, Object> manifest, RunSummary summary) throws IOException {
        this.dir = dir;
        this.summary = summary;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("--out " + dir + ": exists and is not a directory");
        }
        created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("--out " + dir + ": cannot create directory (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("--out " + dir + ": directory is not writable");
        }
        AtomicFiles.writeString(dir.resolve("manifest.json"), Json.pretty(manifest));
    }

    public Path dir() {
        return dir;
    }

    /**
     * Undoes the constructor when the run fails before its first epoch (bad data, a topology that does not fit):
     * the directory is made early so that an unwritable --out fails before a long data load, but a run that never
     * started should not leave a manifest behind. Removes only what this object wrote.
     */
    public void discardUnstarted() {
        if (csv.length() > CSV_HEADER.length()) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("manifest.json"));
            if (created) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException e) {
            // Best effort: the run's own error is what the user needs to see.
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        csv.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s,%.4f,%.4f%n", m.trial() + 1, m.epoch(),
                num(m.trainLoss()), num(m.trainErrorPercent()), num(m.testLoss()), num(m.testErrorPercent()),
                num(m.meanBatchLoss()), m.trainSeconds(), m.evalSeconds()));
        try {
            AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
            writeSummary(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        try {
            writeSummary(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes summary.json; {@code complete} once every trial has finished. */
    public void writeSummary(boolean complete) throws IOException {
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.pretty(summary.toMap(complete)));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
