package org.drtp.cli.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.drtp.io.AtomicFiles;
import org.drtp.report.Csv;
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

    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    /** Written by {@link AlignmentOutput} when the run measures alignment angles. */
    public static final String ALIGNMENT = "alignment.csv";
    /** Every file a training run writes into its --out directory: the one list of them. */
    public static final java.util.List<String> FILES = java.util.List.of(MANIFEST, METRICS, SUMMARY, ALIGNMENT);

    private final Path dir;
    private final RunSummary summary;
    private final Csv csv = new Csv("trial", "epoch", "train_loss", "train_error_percent", "test_loss",
            "test_error_percent", "mean_batch_loss", "train_seconds", "eval_seconds");

    /** Writes the manifest into {@code dir}, which the caller has created and checked (Outputs.checkWritable). */
    public RunDirectory(Path dir, Map<String, Object> manifest, RunSummary summary) throws IOException {
        this.dir = dir;
        this.summary = summary;
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.pretty(manifest));
    }

    public Path dir() {
        return dir;
    }

    /**
     * Undoes the constructor when the run fails before its first epoch (bad data, a topology that does not fit):
     * a run that never started should not leave a manifest behind. Removes only what this object wrote.
     */
    public void discardUnstarted() {
        if (csv.rows() > 0) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(MANIFEST));
        } catch (IOException e) {
            // Best effort: the run's own error is what the user needs to see.
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        csv.row(m.trial() + 1, m.epoch(), num(m.trainLoss()), num(m.trainErrorPercent()), num(m.testLoss()),
                num(m.testErrorPercent()), num(m.meanBatchLoss()), Csv.fixed(m.trainSeconds(), 4),
                Csv.fixed(m.evalSeconds(), 4));
        try {
            AtomicFiles.writeString(dir.resolve(METRICS), csv.toString());
            writeSummary(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        try {
            writeSummary(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Writes summary.json; {@code complete} once every trial has finished. */
    public void writeSummary(boolean complete) throws IOException {
        AtomicFiles.writeString(dir.resolve(SUMMARY), Json.pretty(summary.toMap(complete)));
    }

    private static String num(double v) {
        return Csv.significant(v, 6);
    }
}
