package org.drtp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.SweepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp status DIR}: progress of a (sharded) sweep, read from its shared result directory. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show how far the grids of a result directory of 'drtp reproduce' or 'drtp sweep' are, e.g. the",
                "shared directory of a cluster sweep while its tasks run: finished, running or missing, and failed runs",
                "out of the grid's total, per shard, an ETA from the rate of finished runs, and the failed runs' errors.",
                "A run in flight cannot be told from one whose task was killed or has not started: both count as",
                "'running or missing'. Result files that cannot be read count as damaged (a rerun sets them aside",
                "and computes their runs again). Reads the directory only."})
public final class StatusCommand implements Callable<Integer> {

    /** Failures listed per grid; the rest are counted. */
    static final int MAX_FAILURES_LISTED = 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The result directory (with grid-*.json and runs/).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepStatus status = SweepStatus.of(dir, Instant.now());
        for (SweepStatus.Grid g : status.grids()) {
            out.println(String.format(Locale.ROOT, "%s: %d/%d finished, %d running or missing, %d failed%s%s", g.name(),
                    g.finished(), g.total(), g.runningOrMissing(), g.failed(),
                    g.damaged().isEmpty() ? "" : ", " + g.damaged().size() + " damaged", eta(g)));
            for (Map.Entry<Integer, Map<Integer, SweepStatus.ShardProgress>> n : g.shards().entrySet()) {
                // One line per shard under way; finished and untouched shards as ranges (arrays run to thousands).
                List<Integer> done = new ArrayList<>();
                List<Integer> notStarted = new ArrayList<>();
                for (Map.Entry<Integer, SweepStatus.ShardProgress> k : n.getValue().entrySet()) {
                    SweepStatus.ShardProgress p = k.getValue();
                    if (p.finished() == p.total()) {
                        done.add(k.getKey());
                    } else if (!p.started() && p.finished() == 0 && p.failed() == 0) {
                        notStarted.add(k.getKey());
                    } else {
                        out.println(String.format(Locale.ROOT, "  shard %d/%d: %d/%d finished%s%s", k.getKey(), n.getKey(),
                                p.finished(), p.total(), p.failed() > 0 ? ", " + p.failed() + " failed" : "",
                                p.started() ? "" : " (its task has not written its grid manifest)"));
                    }
                }
                if (!done.isEmpty()) {
                    out.println("  shards done: " + ranges(done) + " of " + n.getKey());
                }
                if (!notStarted.isEmpty()) {
                    out.println("  shards not started: " + ranges(notStarted) + " of " + n.getKey());
                }
            }
            int listed = 0;
            for (ResultStore.Failure f : g.failures()) {
                if (listed++ == MAX_FAILURES_LISTED) {
                    out.println("  ... and " + (g.failed() - MAX_FAILURES_LISTED) + " more in " + dir.resolve("failed"));
                    break;
                }
                out.println("  failed: " + f.run() + ": " + f.error() + " (" + f.host() + ", " + f.failed() + ")");
            }
            if (g.failed() > 0) {
                out.println("  rerun the shards of failed runs to retry them (finished runs are skipped)");
            }
            g.damaged().stream().limit(MAX_FAILURES_LISTED).forEach(d -> out.println("  damaged: " + d));
            if (g.damaged().size() > MAX_FAILURES_LISTED) {
                out.println("  ... and " + (g.damaged().size() - MAX_FAILURES_LISTED) + " more damaged result files");
            }
        }
        out.flush();
        return 0;
    }

    private static String eta(SweepStatus.Grid g) {
        if (g.finished() == g.total()) {
            return "; done";
        }
        if (g.eta() == null) {
            return "; ETA unknown until 2 runs have finished";
        }
        return String.format(Locale.ROOT, "; ETA %s at %.1f runs/hour (since the first finished run started)",
                human(g.eta()), g.runsPerHour());
    }

    /** 1, 2, 3, 5 as "1-3, 5". */
    static String ranges(List<Integer> sorted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(sorted.get(i)).append(i == j ? "" : "-" + sorted.get(j));
            i = j + 1;
        }
        return sb.toString();
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return (s + 30) / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
