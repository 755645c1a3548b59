package org.drtp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.drtp.cli.output.ConsoleProgress;
import org.drtp.cli.output.EpochPrinter;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.train.RunConfig;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drtp demo}: the paper's headline comparison in miniature, on the embedded MNIST sample: BP, DRTP
 * and shallow learning on FC2-500 (784-500-500-10), Adam, batch 60, with the reference implementation's
 * figures on the same data beside ours.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train BP, DRTP and shallow learning on the embedded MNIST sample and compare them.",
                "8k train / 2k test digits, FC_500_FC_500_FC_10, Adam, batch 60; prints a table beside the reference's figures."})
public final class DemoCommand implements Callable<Integer> {

    /**
     * Rule, learning rate, reference test error (%) of the authors' PyTorch code at 25 epochs
     * ({@code docs/semantics.md}, "Reference figures").
     */
    private record Row(String rule, double lr, double reference) {
    }

    private static final List<Row> ROWS = List.of(new Row("bp", 5e-4, 5.4), new Row("drtp", 5e-4, 8.2),
            new Row("shallow", 5e-3, 10.5));

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "25",
            description = "Epochs per rule (default 25, the setting of the reference figures).")
    int epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default 42).")
    long seed;

    @Option(names = "--quiet", description = "Print only the table, not one line per epoch.")
    boolean quiet;

    @Override
    public Integer call() {
        if (epochs <= 0) {
            throw new Errors.UsageException("--epochs: expected a positive integer, got " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainTest data = DatasetCatalog.load("mnist-10k", null);
        KernelNotice.noteKernels(spec.commandLine().getErr());
        out.println("drtp demo: " + data.train().size() + " training and " + data.test().size()
                + " test MNIST digits, FC_500_FC_500_FC_10, tanh hidden units, sigmoid outputs + BCE, Adam, batch 60, "
                + epochs + " epochs");
        List<String> lines = new ArrayList<>();
        long start = System.nanoTime();
        for (Row row : ROWS) {
            RunConfig config = RunConfig.paperDefaults("FC_500_FC_500_FC_10", row.rule(), row.lr()).withEpochs(epochs)
                    .withSeed(seed);
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(ConsoleProgress.ifTerminal(row.rule() + " "));
            if (!quiet) {
                listeners.add(new EpochPrinter(out, String.format(Locale.ROOT, "%-8s", row.rule()), 1, epochs));
            }
            TrainingResult r = config.runTrial(data, 0, listeners).result();
            lines.add(String.format(Locale.ROOT, "%-8s %8.0e %15.2f %10.2f %22.1f", row.rule(), row.lr(),
                    r.finalTestError(), r.medianEpochSeconds(), row.reference()));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-8s %8s %15s %10s %22s", "rule", "lr", "test error %", "s/epoch",
                "reference % (25 ep.)"));
        lines.forEach(out::println);
        out.println(String.format(Locale.ROOT,
                "test error = mean over the last %d epochs; reference = the authors' PyTorch code on the same data."
                        + " Total %.0f s.", Math.min(10, epochs), (System.nanoTime() - start) / 1e9));
        out.flush();
        return 0;
    }
}
