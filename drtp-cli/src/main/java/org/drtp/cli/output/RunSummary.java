package org.drtp.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.train.EpochMetrics;
import org.drtp.train.RunConfig;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingResult;

/**
 * The summary of a (possibly unfinished) multi-trial run: per trial, the paper's figure of merit (mean
 * test error of the last min(10, epochs) epochs), their mean and sample std, and the median epoch time.
 */
public final class RunSummary {

    private final String dataset;
    private final RunConfig config;
    private final List<TrainingResult> trials = new ArrayList<>();
    private final List<Double> epochSeconds = new ArrayList<>();

    public RunSummary(String dataset, RunConfig config) {
        this.dataset = dataset;
        this.config = config;
    }

    public void addEpoch(EpochMetrics m) {
        epochSeconds.add(m.trainSeconds());
    }

    public void addTrial(TrainingResult r) {
        trials.add(r);
    }

    public double[] testErrors() {
        return trials.stream().mapToDouble(TrainingResult::finalTestError).toArray();
    }

    public double mean() {
        return Statistics.mean(testErrors());
    }

    public double std() {
        return Statistics.std(testErrors());
    }

    /**
     * What the summary line says the mean is over: "the last N epochs", or, when trials stopped early after
     * different numbers of epochs, "the last N1/N2 epochs" (one count per distinct trial length).
     */
    public String averagedEpochs() {
        String counts = trials.stream().map(t -> Integer.toString(t.epochsAveraged())).distinct()
                .reduce((a, b) -> a + "/" + b).orElse("0");
        return "the last " + counts + " epochs";
    }

    public double medianEpochSeconds() {
        return Statistics.median(epochSeconds);
    }

    /** The JSON object of {@code --json} and {@code summary.json}. */
    public Map<String, Object> toMap(boolean complete) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.putAll(config.toMap()); // every setting of the table (org.drtp.train.Settings)
        m.put("trials_completed", trials.size());
        m.put("complete", complete);
        List<Double> errs = new ArrayList<>();
        for (double e : testErrors()) {
            errs.add(e);
        }
        m.put("test_error_percent", errs);
        if (config.earlyStopping().enabled()) {
            // Per trial: the epoch after which early stopping ended it, or null when it ran every epoch.
            List<Integer> stopped = new ArrayList<>();
            trials.forEach(t -> stopped.add(t.stoppedEarly() == null ? null : t.stoppedEarly().epoch()));
            m.put("stopped_early_after_epoch", stopped);
        }
        m.put("test_error_mean", mean());
        m.put("test_error_std", std());
        m.put("epoch_seconds_median", medianEpochSeconds());
        return m;
    }
}
