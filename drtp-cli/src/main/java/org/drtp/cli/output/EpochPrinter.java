package org.drtp.cli.output;

import java.io.PrintWriter;
import java.util.Locale;
import org.drtp.train.EpochMetrics;
import org.drtp.train.TrainingListener;

/** One line per epoch on standard output: train loss, train error, test error, seconds. */
public final class EpochPrinter implements TrainingListener {

    private final PrintWriter out;
    private final int trials;
    private final int epochs;
    private final String prefix;

    public EpochPrinter(PrintWriter out, String prefix, int trials, int epochs) {
        this.out = out;
        this.prefix = prefix;
        this.trials = trials;
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        out.println(format(m));
        out.flush();
    }

    String format(EpochMetrics m) {
        int w = Integer.toString(epochs).length();
        StringBuilder sb = new StringBuilder(prefix);
        if (trials > 1) {
            sb.append(String.format(Locale.ROOT, "trial %d/%d  ", m.trial() + 1, trials));
        }
        boolean trainEvaluated = !Double.isNaN(m.trainLoss());
        sb.append(String.format(Locale.ROOT, "epoch %" + w + "d/%d  %s %.4f", m.epoch(), epochs,
                trainEvaluated ? "train loss" : "batch loss", trainEvaluated ? m.trainLoss() : m.meanBatchLoss()));
        if (!Double.isNaN(m.testErrorPercent())) {
            if (trainEvaluated) {
                sb.append(String.format(Locale.ROOT, "  train error %6.2f %%", m.trainErrorPercent()));
            }
            sb.append(String.format(Locale.ROOT, "  test error %6.2f %%", m.testErrorPercent()));
        } else {
            sb.append(String.format(Locale.ROOT, "  test loss %.4f", m.testLoss()));
        }
        sb.append(String.format(Locale.ROOT, "  %.2f s", m.trainSeconds()));
        return sb.toString();
    }
}
