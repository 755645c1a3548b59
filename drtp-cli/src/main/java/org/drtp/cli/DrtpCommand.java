package org.drtp.cli;

import picocli.CommandLine.Command;

/** The top-level {@code drtp} command: subcommands only. */
@Command(name = "drtp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train neural networks without feedback: direct random target projection (DRTP),",
                "and the rules it is compared with: BP, FA, DFA, sDFA, shallow learning."},
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, StreamCommand.class,
                InspectCommand.class, ExportCCommand.class, DriftDemoCommand.class, BenchCommand.class, DatasetsCommand.class,
                DemoCommand.class, DeviceDemoCommand.class, ReproduceCommand.class, SweepCommand.class, AggregateCommand.class,
                StatusCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class DrtpCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
