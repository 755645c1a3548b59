package org.drtp.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.train.Augmentation;
import org.drtp.train.EarlyStopping;
import org.drtp.tensor.Activation;
import org.drtp.train.RunConfig;

/**
 * One run of a grid: one rule on one network in one setting, one trial. Everything that changes a run's
 * numbers is here, so two equal specs give the same result (same seed and trial = same random streams,
 * {@code Rng.forComponent(seed, trial, RandomStream)}), whichever machine, shard or thread runs them.
 *
 * @param experiment   fig2, fig3, table1, table2, table3
 * @param quick        whether this is a run of the {@code --quick} miniature (labels outputs)
 * @param dataset      catalog id (mnist, mnist-10k, synthetic-classification, cifar10, ...)
 * @param trainLimit   use only the first examples of the training set (0 = all)
 * @param testLimit    use only the first examples of the test set (0 = all)
 * @param validation   hold out the last {@code validation} training examples and evaluate on them instead of
 *                     the test set (table 3's learning-rate search; 0 = evaluate on the test set)
 * @param network      row label of the network, e.g. FC2-500 or CONV (random)
 * @param freezeConv   convolutional layers stay at their random values (the paper's "CONV (random)")
 * @param augment      random horizontal flips of training images (CIFAR-10 "DA" rows)
 * @param patience     early stopping: stop after this many epochs without a better monitored error (0 = never)
 * @param earlyStopOn  what early stopping monitors: {@code validation} (a split held out of the training set,
 *                     {@link EarlyStopping#DEFAULT_VALIDATION_FRACTION} of it) or {@code test}; {@code none} when
 *                     patience is 0. Result files written before this field existed stopped on the test set.
 * @param alignEvery   measure alignment angles every this many training samples (0 = never)
 */
public record RunSpec(String experiment, boolean quick, String dataset, int trainLimit, int testLimit, int validation,
                      String network, String topology, String rule, String optimizer, double lr, String loss,
                      String hiddenAct, String outputAct, float dropout, boolean fcZeroInit, boolean freezeConv,
                      boolean augment, int epochs, int batchSize, int patience, String earlyStopOn, int alignEvery,
                      long seed, int trial) {

    public RunSpec {
        if (patience <= 0) {
            earlyStopOn = "none";
        } else if (earlyStopOn == null || earlyStopOn.isEmpty()) {
            earlyStopOn = "test"; // a result file from before the choice existed: those runs stopped on the test set
        } else {
            earlyStopOn = EarlyStopping.Monitor.fromId(earlyStopOn).id();
        }
    }

    /** The early stopping of this run. */
    public EarlyStopping earlyStopping() {
        if (patience <= 0) {
            return EarlyStopping.NONE;
        }
        return earlyStopOn.equals("test") ? EarlyStopping.onTest(patience)
                : EarlyStopping.onValidation(patience, EarlyStopping.DEFAULT_VALIDATION_FRACTION);
    }

    /** The training configuration of this run (one trial of a multi-trial configuration). */
    public RunConfig toRunConfig() {
        NetworkOptions net = NetworkOptions.defaults().withHiddenActivation(Activation.fromId(hiddenAct))
                .withOutputActivation(Activation.fromId(outputAct)).withDropout(dropout).withFcZeroInit(fcZeroInit);
        return new RunConfig(Topology.parse(topology), rule, optimizer, lr, Loss.fromId(loss), epochs, batchSize,
                trial + 1, seed, net, freezeConv).withAugmentation(augment ? Augmentation.FLIP : Augmentation.NONE)
                .withEarlyStopping(earlyStopping());
    }

    /** The run without its trial: the cell of a table whose trials are averaged. */
    public RunSpec cell() {
        return withTrial(0);
    }

    public RunSpec withTrial(int t) {
        return new RunSpec(experiment, quick, dataset, trainLimit, testLimit, validation, network, topology, rule,
                optimizer, lr, loss, hiddenAct, outputAct, dropout, fcZeroInit, freezeConv, augment, epochs, batchSize,
                patience, earlyStopOn, alignEvery, seed, t);
    }

    public RunSpec withRule(String r) {
        return new RunSpec(experiment, quick, dataset, trainLimit, testLimit, validation, network, topology, r,
                optimizer, lr, loss, hiddenAct, outputAct, dropout, fcZeroInit, freezeConv, augment, epochs, batchSize,
                patience, earlyStopOn, alignEvery, seed, trial);
    }

    /** Canonical text of every field, the source of {@link #fileName()}'s hash. */
    public String canonical() {
        return String.join("|", experiment, Boolean.toString(quick), dataset, Integer.toString(trainLimit),
                Integer.toString(testLimit), Integer.toString(validation), network, topology, rule, optimizer,
                Double.toString(lr), loss, hiddenAct, outputAct, Float.toString(dropout), Boolean.toString(fcZeroInit),
                Boolean.toString(freezeConv), Boolean.toString(augment), Integer.toString(epochs),
                Integer.toString(batchSize), Integer.toString(patience), Integer.toString(alignEvery),
                Long.toString(seed), Integer.toString(trial))
                // Only runs that stop on a validation split say so: older specs (and their file names) stay as they were.
                + (earlyStopOn.equals("validation") ? "|stop_on=validation" : "");
    }

    /**
     * A stable, readable file name: the fields one looks for, then 10 hex digits of the SHA-256 of
     * {@link #canonical()} so that runs differing in any other field never share a file, e.g.
     * {@code table1-FC2-500-do0.1-drtp-lr0.0005-t03-1a2b3c4d5e.json}.
     */
    public String fileName() {
        String readable = String.format(Locale.ROOT, "%s%s-%s-do%s-%s-lr%s-t%02d", experiment, quick ? "-quick" : "",
                network, trim(Float.toString(dropout)), rule, trim(Double.toString(lr)), trial);
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
