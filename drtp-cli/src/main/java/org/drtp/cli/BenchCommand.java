package org.drtp.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.cli.bench.BenchHarness;
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

    @Option(names = "--pytorch", description = {"Also run our PyTorch twin (pytorch/drtp_torch.py, DRTP through a gradient hook",
            "as the reference code) on the same shapes in this run, and print the speed ratios. Needs python3-torch."})
    boolean pytorch;

    @Option(names = "--pytorch-script", paramLabel = "PATH", description = "The twin script (default pytorch/drtp_torch.py).")
    java.nio.file.Path pytorchScript;

    @Override
    public Integer call() throws Exception {
        if (epochs <= 0) {
            throw new Errors.UsageException("--epochs: expected a positive integer, got " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchHarness.Settings s = quick ? BenchHarness.Settings.quick()
                : new BenchHarness.Settings(epochs, 60_000, 100_000, 1.0);
        KernelNotice.noteKernels(err);
        PyTorchTwin twin = null;
        if (pytorch) {
            twin = new PyTorchTwin(PyTorchTwin.locate(pytorchScript), m -> {
                err.println("bench: " + m);
                err.flush();
            });
            twin.check();
        }
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
        if (twin != null) {
            comparePyTorch(twin, r, out);
        }
        if (quick) {
            out.println("(--quick: a smoke run on 6,000 examples; run without --quick for figures to quote)");
        }
        if (json) {
            out.println(Json.line(r));
        }
        out.flush();
        return 0;
    }

    /** The same measurements by the PyTorch twin, right after ours, and the ratios. */
    private void comparePyTorch(PyTorchTwin twin, Map<String, Object> r, PrintWriter out) throws Exception {
        int measured = quick ? 1 : epochs;
        List<String> common = List.of("--dataset", "synthetic-mnist-shape", "--topology", "FC_1000_FC_1000_FC_10",
                "--optimizer", "adam", "--lr", "5e-4", "--batch-size", "60", "--epochs", Integer.toString(measured + 1),
                "--threads", Integer.toString(org.drtp.tensor.Kernels.threads()));
        double torchDrtp = epochSeconds(twin, "drtp", common);
        double torchBp = epochSeconds(twin, "bp", common);
        double torchOnline = twin.run(List.of("online", "--mode", "drtp", "--topology", "FC_500_FC_10", "--optimizer", "sgd",
                "--lr", "1e-2", "--threads", Integer.toString(org.drtp.tensor.Kernels.threads()), "--samples",
                quick ? "2000" : "10000")).path("samples_per_second").asDouble(Double.NaN);
        double drtp = (Double) r.get("drtp_epoch_seconds");
        double bp = (Double) r.get("bp_epoch_seconds");
        double online = (Double) r.get("online_drtp_samples_per_second");
        out.println();
        out.println(String.format(Locale.ROOT, "%-34s %12s %12s %10s", "side by side, same machine", "drtp (Java)", "PyTorch twin",
                "speed-up"));
        out.println(String.format(Locale.ROOT, "%-34s %10.2f s %10.2f s %9.1fx", "drtp epoch, FC2-1000, batch 60", drtp,
                torchDrtp, torchDrtp / drtp));
        out.println(String.format(Locale.ROOT, "%-34s %10.2f s %10.2f s %9.1fx", "bp epoch, FC2-1000, batch 60", bp, torchBp,
                torchBp / bp));
        out.println(String.format(Locale.ROOT, "%-34s %12.0f %12.0f %9.1fx", "online drtp samples/s, batch 1", online,
                torchOnline, online / torchOnline));
        r.put("pytorch_drtp_epoch_seconds", torchDrtp);
        r.put("pytorch_bp_epoch_seconds", torchBp);
        r.put("pytorch_online_drtp_samples_per_second", torchOnline);
    }

    private static double epochSeconds(PyTorchTwin twin, String mode, List<String> common) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("speed", "--mode", mode));
        args.addAll(common);
        return twin.run(args).path("epoch_seconds_median").asDouble(Double.NaN);
    }
}
