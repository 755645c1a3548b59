package org.drtp.cli.output;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.drtp.experiment.ExperimentRunner;
import org.drtp.experiment.RunResult;
import org.drtp.experiment.RunSpec;

/**
 * Progress of a sweep: on a terminal, one overall bar on standard error counting trained epochs of all runs
 * (so its ETA follows the real work) with "runs done/total"; everywhere, one line per finished run on
 * standard output.
 */
public final class SweepProgress implements ExperimentRunner.Progress {

    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar bar;
    private int toRun;

    public SweepProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(int runs, int skipped, long totalEpochs) {
        this.toRun = runs;
        if (terminal && runs > 0) {
            bar = new ProgressBarBuilder().setTaskName("reproduce").setInitialMax(totalEpochs).setUnit(" epochs", 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
            bar.setExtraMessage("runs 0/" + runs);
        }
    }

    @Override
    public void epochDone(RunSpec spec, int epoch) {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void runDone(RunResult r, int done, int total) {
        if (bar != null) {
            bar.setExtraMessage("runs " + done + "/" + total);
            // a run stopped early leaves epochs it will never train: count them as done
            int missing = r.spec().run().epochs() - r.epochs().size();
            if (missing > 0) {
                bar.stepBy(missing);
            }
        }
        RunSpec s = r.spec();
        boolean regression = r.epochs().isEmpty() || Double.isNaN(r.epochs().get(0).testError());
        String value = regression ? String.format(Locale.ROOT, "%.5f", r.finalError())
                : String.format(Locale.ROOT, "%.2f %%", r.finalError());
        out.println(String.format(Locale.ROOT, "[%d/%d] %s %s %s%s%s trial %d: %s %s (%.1f s)", done, total,
                s.experiment(), s.network(), s.run().network().dropout() > 0 ? "dropout " + s.run().network().dropout() + " " : "",
                s.run().trainMode(), s.data().validation() > 0 ? " lr " + Double.toString(s.run().lr()).replace(".0E", "e").replace("E", "e") : "",
                s.trial() + 1,
                s.data().validation() > 0 ? "validation error" : regression ? "test loss" : "test error", value, r.seconds()));
        out.flush();
        if (done == total) {
            close();
        }
    }

    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    public int toRun() {
        return toRun;
    }
}
