package org.drtp.cli.output;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.drtp.train.EpochMetrics;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;

/**
 * A progress bar per epoch on standard error (the progressbar library), shown only when the process is
 * attached to a terminal, so piped output and result files stay clean.
 */
public final class ConsoleProgress implements TrainingListener {

    private final String label;
    private ProgressBar bar;

    private ConsoleProgress(String label) {
        this.label = label;
    }

    /** A progress listener if stdout/stderr is a terminal, else a listener that does nothing. */
    public static TrainingListener ifTerminal(String label) {
        return System.console() != null ? new ConsoleProgress(label) : new TrainingListener() { };
    }

    @Override
    public void onBatchEnd(int trial, int epoch, int batch, int batches, double loss) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(label + "epoch " + epoch).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).clearDisplayOnFinish().build();
        }
        bar.stepTo(batch);
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4f", loss));
        if (batch == batches) {
            close(); // before the epoch's summary line is printed
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        close();
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
