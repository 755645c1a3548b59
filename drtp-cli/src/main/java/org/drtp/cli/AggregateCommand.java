package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.drtp.experiment.Aggregation;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.RunResult;
import org.drtp.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp aggregate DIR...}: merges result directories (shards) and renders their tables, plots and report. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge the result directories of 'drtp reproduce' or 'drtp sweep' (e.g. the shards of a cluster sweep) and",
                "write the tables, plots and report.html of everything they hold. Runs found in several",
                "directories are taken once (copies whose numbers differ are refused, naming both files); runs of a",
                "grid that no directory holds yet are reported as missing."})
public final class AggregateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Result directories (each with runs/ and grid-*.json).")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the merged runs, tables, plots and"
            + " report (default: the first DIR).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Aggregation agg = Aggregation.of(dirs);
        Path dir = out != null ? out : dirs.get(0);
        Outputs.checkWritable(dir, "--out");
        // Copy runs and manifests so that the output directory is complete on its own (and can be aggregated again).
        ResultStore target = new ResultStore(dir);
        for (RunResult r : agg.results()) {
            if (!target.isFinished(r.spec())) {
                target.write(r);
            }
        }
        for (var m : agg.manifests()) {
            if (!Files.exists(dir.resolve(m.fileName()))) {
                m.write(dir);
            }
        }
        stdout.println(agg.results().size() + " run(s) from " + dirs.size() + " director" + (dirs.size() == 1 ? "y" : "ies"));
        agg.missingByExperiment().forEach((exp, n) -> {
            if (n > 0) {
                stdout.println("warning: " + exp + ": " + n + " run(s) of the grid are missing (unfinished shards?)");
            }
        });
        ReportBuilder.Output report = ReportBuilder.write(dir, agg.results(), agg.notes(), agg.missingByExperiment());
        Outputs.printTables(stdout, report);
        stdout.println("report: " + dir.resolve("report.html"));
        stdout.flush();
        return 0;
    }
}
