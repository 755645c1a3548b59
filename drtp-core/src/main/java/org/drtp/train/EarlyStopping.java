package org.drtp.train;

import java.util.Arrays;
import java.util.Locale;
import org.drtp.data.Dataset;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;

/**
 * Early stopping, a {@link Trainer} setting (docs/semantics.md, "Early stopping"): after every epoch the error
 * (the loss for regression) on the monitored set is compared with the best so far, and training ends once it has
 * not improved for {@code patience} epochs in a row. The monitored set is either a validation split held out of
 * the training set and never trained on ({@link Monitor#VALIDATION}, the default), or, when asked for by name,
 * the test set ({@link Monitor#TEST}: it selects the stopping epoch on the data the result is reported on, which
 * flatters the result). {@code patience} 0 turns it off ({@link #NONE}).
 *
 * @param validationFraction share of the training examples held out when monitoring a validation split
 */
public record EarlyStopping(int patience, Monitor monitor, double validationFraction) {

    /** What the stopping rule looks at. */
    public enum Monitor {
        VALIDATION, TEST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code validation} or {@code test}, case-insensitive. */
        public static Monitor fromId(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            for (Monitor m : values()) {
                if (m.id().equals(v)) {
                    return m;
                }
            }
            throw new InvalidSettingException("early_stop_on", "unknown early-stopping set '" + s + "': expected validation or test");
        }
    }

    /** The validation split unless told otherwise: a tenth of the training examples. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** The random stream the validation split is drawn from: {@code Rng.forComponent(seed, 0, SPLIT_STREAM)}. */
    public static final RandomStream SPLIT_STREAM = RandomStream.VALIDATION;
    /** No early stopping. */
    public static final EarlyStopping NONE = new EarlyStopping(0, Monitor.VALIDATION, DEFAULT_VALIDATION_FRACTION);

    public EarlyStopping {
        if (patience < 0) {
            throw new InvalidSettingException("early_stop_patience", "must be a non-negative number of epochs, got " + patience);
        }
        if (monitor == null) {
            throw new InvalidSettingException("early stopping needs the set it monitors (validation or test)");
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new InvalidSettingException("validation_split", "must be a fraction in (0, 1), got " + validationFraction);
        }
    }

    /** Stops on the error of {@code fraction} of the training examples, held out. */
    public static EarlyStopping onValidation(int patience, double fraction) {
        return new EarlyStopping(patience, Monitor.VALIDATION, fraction);
    }

    /** Stops on the test error (optimistic: the test set then chooses the stopping epoch). */
    public static EarlyStopping onTest(int patience) {
        return new EarlyStopping(patience, Monitor.TEST, DEFAULT_VALIDATION_FRACTION);
    }

    public boolean enabled() {
        return patience > 0;
    }

    /** True when training holds out a validation split. */
    public boolean holdsOutValidation() {
        return enabled() && monitor == Monitor.VALIDATION;
    }

    /** The examples a run of {@code train} holds out: the fraction rounded, at least 1. */
    public int validationSize(int trainSize) {
        return Math.max(1, (int) Math.round(validationFraction * trainSize));
    }

    /** The training examples that are fitted and those held out for validation. */
    public record Split(Dataset fit, Dataset validation) {
    }

    /**
     * Holds out {@link #validationSize} examples of {@code train}, chosen by a permutation drawn from
     * {@code Rng.forComponent(seed, 0, RandomStream.VALIDATION)}: the same examples for every trial of a seed. Both parts
     * keep the training set's order.
     */
    public Split split(Dataset train, long seed) {
        int n = train.size();
        int held = validationSize(n);
        if (held >= n) {
            throw new InvalidSettingException("validation_split", "a validation split of " + validationFraction + " holds out " + held
                    + " of the " + n + " training examples of " + train.name() + ", leaving none to train on");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng.forComponent(seed, 0, SPLIT_STREAM).shuffle(order);
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] fit = Arrays.copyOfRange(order, held, n);
        Arrays.sort(validation);
        Arrays.sort(fit);
        return new Split(train.select(train.name() + "/fit", fit), train.select(train.name() + "/validation", validation));
    }

    /** One line for logs and captions, e.g. {@code patience 20 on a validation split (10% of the training set)}. */
    public String describe() {
        if (!enabled()) {
            return "no early stopping";
        }
        return "patience " + patience + " on " + (monitor == Monitor.TEST ? "the test set"
                : String.format(Locale.ROOT, "a validation split (%s%% of the training set, seed stream '%s')",
                        trimPercent(validationFraction * 100), SPLIT_STREAM.key()));
    }

    private static String trimPercent(double p) {
        String s = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Tracks the monitored value over epochs. */
    static final class Tracker {
        private final int patience;
        private double best = Double.POSITIVE_INFINITY;
        private int bestEpoch;
        private int since;

        Tracker(int patience) {
            this.patience = patience;
        }

        /** Records one epoch's value; true when training should stop after it. */
        boolean stopAfter(int epoch, double value) {
            if (value < best) {
                best = value;
                bestEpoch = epoch;
                since = 0;
                return false;
            }
            return ++since >= patience;
        }

        double best() {
            return best;
        }

        int bestEpoch() {
            return bestEpoch;
        }
    }
}
