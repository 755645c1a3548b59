package org.drtp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code reproduce} and {@code sweep} share: where results go, which shard, how many parallel runs. */
final class GridOptions {

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/NAME, with -quick"
            + " appended for reproduce --quick).")
    Path out;

    @Option(names = "--shard", paramLabel = "K/N", defaultValue = "1/1",
            description = "Run only the K-th of N deterministic slices of the grid (default 1/1: all of it).")
    String shard;

    @Option(names = "--jobs", paramLabel = "N", description = "Runs trained in parallel (default: the number of cores; at most "
            + GridRun.MAX_JOBS + ", and never more than the runs to do).")
    Integer jobs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the dataset's files (mnist, cifar10, csv).")
    Path dataDir;
}
