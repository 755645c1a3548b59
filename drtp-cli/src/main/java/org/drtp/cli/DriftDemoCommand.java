package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.experiment.ConceptDrift;
import org.drtp.io.AtomicFiles;
import org.drtp.plot.Chart;
import org.drtp.plot.Plots;
import org.drtp.plot.Series;
import org.drtp.report.Csv;
import org.drtp.rule.LearningRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drtp drift-demo}: online learning through a concept drift on the embedded MNIST sample. The 8,000
 * training digits stream by once with their labels, then once more with the labels permuted; each rule learns
 * one example at a time (plain SGD) and its rolling prequential accuracy is plotted: it drops at the switch and
 * recovers.
 */
@Command(name = "drift-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Concept drift on the embedded MNIST sample: 8,000 digits stream by with their labels, then again",
                "with the labels permuted. Each rule learns online (batch 1, SGD); the rolling accuracy is written as",
                "drift.csv and plotted as drift.png / drift.svg."})
public final class DriftDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "IDS", split = ",", defaultValue = "drtp,bp",
            description = "Rules to compare (default drtp,bp).")
    List<String> rules;

    @Option(names = "--topology", paramLabel = "LAYERS", defaultValue = "FC_500_FC_10", description = "Network (default FC_500_FC_10).")
    String topology;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "SGD learning rate (default 0.01).")
    double lr;

    @Option(names = "--window", paramLabel = "N", defaultValue = "500", description = "Rolling accuracy window (default 500).")
    int window;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "drift-demo", description = "Output directory (default drift-demo).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String r : rules) {
            ids.add(LearningRules.create(r).id());
        }
        if (window <= 0 || !(lr > 0)) {
            throw new Errors.UsageException("--window and --lr must be positive");
        }
        Outputs.checkWritable(out, "--out"); // before the minutes of training, not after
        for (String f : new String[] {"drift.csv", "drift.png", "drift.svg"}) {
            Outputs.checkFile(out.resolve(f), "--out");
        }
        PrintWriter w = spec.commandLine().getOut();
        TrainTest data = DatasetCatalog.load("mnist-10k", null);
        ConceptDrift.Settings s = new ConceptDrift.Settings(topology, lr, window, 100, 42);
        long t0 = System.nanoTime();
        ConceptDrift.Result r = ConceptDrift.run(data.train(), ids, s);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(out);
        Csv csv = new Csv("rule", "examples", "rolling_accuracy_percent");
        List<Series> series = new ArrayList<>();
        for (ConceptDrift.Curve c : r.curves()) {
            for (int i = 0; i < c.examples().length; i++) {
                csv.row(c.rule(), (long) c.examples()[i], Csv.fixed(c.rollingAccuracy()[i], 2));
            }
            series.add(new Series(c.rule(), c.examples(), c.rollingAccuracy(), null));
        }
        AtomicFiles.writeString(out.resolve("drift.csv"), csv.toString());
        Chart chart = new Chart("drift", "Online learning through a concept drift (labels permuted after "
                + r.driftAt() + " examples)", "examples seen", "rolling accuracy (%, last " + window + ")", series, false,
                0, 100, Double.NaN);
        Plots.write(chart, out);
        w.printf(Locale.ROOT, "concept drift on mnist-10k: %d digits with their labels, then %d with labels permuted %s%n",
                r.driftAt(), r.driftAt(), Arrays.toString(r.labelMap()));
        w.printf(Locale.ROOT, "%-8s %16s %16s %16s %22s%n", "rule", "before drift %", "lowest after %", "at the end %",
                "back within 5 points");
        for (ConceptDrift.Curve c : r.curves()) {
            w.printf(Locale.ROOT, "%-8s %16.1f %16.1f %16.1f %22s%n", c.rule(), c.beforeDrift(), c.lowest(), c.atEnd(),
                    c.recoveryExamples() < 0 ? "not yet" : "after " + c.recoveryExamples() + " examples");
        }
        w.printf(Locale.ROOT, "online, batch 1, %s, SGD lr %s; %.1f s. Wrote %s, drift.png and drift.svg in %s%n",
                topology, lr, seconds, "drift.csv", out);
        w.flush();
        return 0;
    }
}
