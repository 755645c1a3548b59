package org.drtp.experiment;

import org.drtp.settings.InvalidSettingException;
import org.drtp.train.EarlyStopping;

/**
 * How to size a grid: the paper's protocol, or its {@code --quick} miniature, with optional overrides of
 * the number of trials and epochs (0 = the experiment's own) and the master seed; and what the experiments that
 * stop early (table2) monitor: {@code validation} (default) or {@code test}.
 */
public record ExperimentOptions(boolean quick, int trials, int epochs, long seed, String earlyStopOn) {

    /** Early stopping, where an experiment has it, on a validation split. */
    public ExperimentOptions(boolean quick, int trials, int epochs, long seed) {
        this(quick, trials, epochs, seed, EarlyStopping.Monitor.VALIDATION.id());
    }

    public static final long DEFAULT_SEED = 42;

    public ExperimentOptions {
        if (trials < 0) {
            throw new InvalidSettingException("trials", "expected a positive integer, got " + trials);
        }
        if (epochs < 0) {
            throw new InvalidSettingException("epochs", "expected a positive integer, got " + epochs);
        }
        try {
            earlyStopOn = EarlyStopping.Monitor.fromId(earlyStopOn).id();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("early_stop_on", e instanceof InvalidSettingException s ? s.problem() : e.getMessage());
        }
    }

    public static ExperimentOptions paper() {
        return new ExperimentOptions(false, 0, 0, DEFAULT_SEED);
    }

    public static ExperimentOptions quickRun() {
        return new ExperimentOptions(true, 0, 0, DEFAULT_SEED);
    }

    int trialsOr(int paper, int quickTrials) {
        return trials > 0 ? trials : quick ? quickTrials : paper;
    }

    int epochsOr(int paper, int quickEpochs) {
        return epochs > 0 ? epochs : quick ? quickEpochs : paper;
    }
}
