package org.drtp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.bench.harness.BenchHarness;
import org.drtp.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drtp bench}: the performance figures in one process on synthetic data of MNIST's shape: seconds per
 * epoch of DRTP and BP on FC2-1000, online DRTP throughput at batch 1, retained activation memory of a deep net,
 * and the matrix multiply's GFLOPS at the training shapes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure training speed on synthetic data of MNIST's shape (60,000 x 784, 10 classes): seconds per",
                "epoch of FC_1000_FC_1000_FC_10 (batch 60, Adam) for drtp and bp side by side, online drtp samples/s at",
                "batch 1 (FC_500_FC_10, plain SGD), retained activation bytes of a 10x1000 net, gemm GFLOPS."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
            description = "Measured epochs per rule after one warm-up epoch (default 3); the median is reported.")
    int epochs;

    @Option(names = "--quick", description = "A short smoke run (6,000 examples, 1 measured epoch): not for quoting.")
    boolean quick;

    @Option(names = "--json", description = "End standard output with one line holding the figures as a JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (epochs <= 0) {
            throw new Errors.UsageException("--epochs: expected a positive integer, got " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchHarness.Settings s = quick ? BenchHarness.Settings.quick()
                : new BenchHarness.Settings(epochs, 60_000, 100_000, 1.0);
        KernelNotice.noteKernels(err);
        Map<String, Object> r = BenchHarness.run(s, m -> {
            err.println("bench: " + m);
            err.flush();
        });
        out.println(String.format(Locale.ROOT, "kernels                         %s", r.get("kernels")));
        out.println(String.format(Locale.ROOT, "drtp epoch (FC2-1000, batch 60)  %.2f s", (Double) r.get("drtp_epoch_seconds")));
        out.println(String.format(Locale.ROOT, "bp epoch   (FC2-1000, batch 60)  %.2f s", (Double) r.get("bp_epoch_seconds")));
        out.println(String.format(Locale.ROOT, "drtp / bp epoch time            %.3f", (Double) r.get("drtp_bp_epoch_ratio")));
        out.println(String.format(Locale.ROOT, "online drtp (FC_500_FC_10, b=1)  %.0f samples/s",
                (Double) r.get("online_drtp_samples_per_second")));
        out.println(String.format(Locale.ROOT, "activations, 10x1000 net, b=60   drtp %d bytes, bp %d bytes",
                (Long) r.get("drtp_activation_bytes"), (Long) r.get("bp_activation_bytes")));
        out.println(String.format(Locale.ROOT, "gemm at training shapes          %.1f GFLOPS (median)", (Double) r.get("gemm_gflops")));
        if (quick) {
            out.println("(--quick: a smoke run on 6,000 examples; run without --quick for figures to quote)");
        }
        if (json) {
            out.println(Json.line(r));
        }
        out.flush();
        return 0;
    }
}
