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
 * epoch of DRTP and BP on FC2-1000, online DRTP throughput at batch 1 (per call and in sequences), retained activation
 * memory of a deep net,
 * and the matrix multiply's GFLOPS at the training shapes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure training speed on synthetic data of MNIST's shape (60,000 x 784, 10 classes): seconds per",
                "epoch of FC_1000_FC_1000_FC_10 (batch 60, Adam) for drtp and bp side by side, online drtp samples/s at",
                "batch 1 (FC_500_FC_10, plain SGD; one learn call per example, and in sequences of 512 examples) and the",
                "bytes each example moves, retained activation bytes of a 10x1000 net, gemm GFLOPS by shape, the conv net",
                "CONV_32_5_1_2_FC_1000_FC_10's epochs, each epoch's products (timed after each measured epoch), optimizer",
                "(and for the conv net im2col and pooling) at drtp's own measured rates, evaluation passes apart. --peer",
                "libtorch: the same shapes through PyTorch 2.7.1 (DJL), alternating with drtp."})
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

    @Option(names = "--pytorch", description = "Also run our PyTorch twin (pytorch/drtp_torch.py, DRTP through a gradient hook"
            + " as the reference code) on the same shapes in this run, and print the speed ratios. Needs python3-torch.")
    boolean pytorch;

    @Option(names = "--pytorch-script", paramLabel = "PATH", description = "The twin script (default pytorch/drtp_torch.py).")
    java.nio.file.Path pytorchScript;

    @Option(names = "--peer", paramLabel = "ENGINE", description = "Also measure the modern peer on the same shapes in this run,"
            + " alternating with drtp round by round, and print drtp's figure, the peer's (medians of the rounds) and the"
            + " median of the per-round ratios: 'libtorch' = PyTorch 2.7.1's official CPU build (MKL, oneDNN) through DJL,"
            + " offline. Build it once: " + LibtorchPeer.BUILD + ".")
    String peer;

    @Option(names = "--peer-jar", paramLabel = "PATH", description = "The peer's jar (default drtp-peer-libtorch/target/drtp-peer-libtorch.jar).")
    java.nio.file.Path peerJar;

    @Option(names = "--cpu-clock", description = "Time the GEMM rates (drtp's and the peer's) on the calling thread's CPU clock,"
            + " which busy neighbours do not advance; needs DRTP_JAVA_OPTS=-Ddrtp.threads=1. Epochs stay wall-clock.")
    boolean cpuClock;

    @Option(names = "--no-conv", description = "Skip the conv network's epochs (" + BenchHarness.CONV_TOPOLOGY + "), a few minutes.")
    boolean noConv;

    @Override
    public Integer call() throws Exception {
        if (epochs <= 0) {
            throw new Errors.UsageException("--epochs: expected a positive integer, got " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchHarness.Settings s = quick ? BenchHarness.Settings.quick()
                : new BenchHarness.Settings(epochs, 60_000, 100_000, 1.0, true, false);
        if (cpuClock && org.drtp.tensor.Kernels.threads() != 1) {
            throw new Errors.UsageException("--cpu-clock: expected one kernel thread (DRTP_JAVA_OPTS=-Ddrtp.threads=1), got "
                    + org.drtp.tensor.Kernels.threads());
        }
        s = new BenchHarness.Settings(s.epochs(), s.trainSize(), s.onlineExamples(), s.gemmSeconds(), !noConv, cpuClock);
        KernelNotice.noteKernels(err);
        java.util.function.Consumer<String> log = m -> {
            err.println("bench: " + m);
            err.flush();
        };
        java.nio.file.Path libtorchJar = null;
        if (peer != null) {
            if (!peer.equals("libtorch")) {
                throw new Errors.UsageException("--peer: expected libtorch, got '" + peer + "'");
            }
            libtorchJar = LibtorchPeer.locate(peerJar);
            LibtorchPeer.check(libtorchJar);
        }
        PyTorchTwin twin = null;
        if (pytorch) {
            twin = new PyTorchTwin(PyTorchTwin.locate(pytorchScript), log);
            twin.check();
        }
        Map<String, Object> r;
        if (libtorchJar != null) {
            // Started before drtp's measurements and kept up: the harness alternates the two sides round by round.
            try (LibtorchPeer libtorch = LibtorchPeer.start(libtorchJar, org.drtp.tensor.Kernels.threads(), s.trainSize(),
                    s.cpuClock(), log)) {
                r = BenchHarness.run(s, libtorch, log);
            }
        } else {
            r = BenchHarness.run(s, null, log);
        }
        out.println(String.format(Locale.ROOT, "kernels                         %s", r.get("kernels")));
        out.println(String.format(Locale.ROOT, "caches                          %s", r.get("caches")));
        out.println(String.format(Locale.ROOT, "drtp epoch (FC2-1000, batch 60)  %.2f s", (Double) r.get("drtp_epoch_seconds")));
        out.println(String.format(Locale.ROOT, "bp epoch   (FC2-1000, batch 60)  %.2f s", (Double) r.get("bp_epoch_seconds")));
        out.println(String.format(Locale.ROOT, "drtp / bp epoch time            %.3f", (Double) r.get("drtp_bp_epoch_ratio")));
        out.println(String.format(Locale.ROOT, "online drtp (FC_500_FC_10, b=1)  %.0f samples/s, %.2f MB per example, %.1f GB/s",
                (Double) r.get("online_drtp_samples_per_second"), ((Number) r.get("online_drtp_bytes_per_example")).longValue() / 1e6,
                (Double) r.get("online_drtp_gigabytes_per_second")));
        out.println(String.format(Locale.ROOT, "  the same in sequences of %d     %.0f samples/s (learnSequence, the same updates)",
                (Integer) r.get("online_drtp_sequence_length"), (Double) r.get("online_drtp_sequence_samples_per_second")));
        out.println(String.format(Locale.ROOT, "activations, 10x1000 net, b=60   drtp %d bytes, bp %d bytes",
                (Long) r.get("drtp_activation_bytes"), (Long) r.get("bp_activation_bytes")));
        out.println(String.format(Locale.ROOT, "gemm at training shapes          %.1f GFLOPS (median)", (Double) r.get("gemm_gflops")));
        printAccounting(r, out);
        int code = 0;
        if (r.containsKey("peer_engine")) {
            printPeer(r, out);
        }
        if (r.containsKey("peer_error")) {
            // drtp's figures are all printed above and still go into the JSON line below
            err.println("drtp bench: the libtorch peer failed, its figures are incomplete: " + r.get("peer_error"));
            code = 1;
        }
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
        return code;
    }

    /**
     * Each epoch beside its products and optimizer at drtp's own measured rates, and the evaluation passes. The last
     * column is the median of each round's epoch over its products timed right after it, so it need not equal the
     * ratio of the two medians beside it.
     */
    private static void printAccounting(Map<String, Object> r, PrintWriter out) {
        out.println(String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s", "epoch accounting (s)", "epoch", "products", "optimizer",
                "epoch/products"));
        for (String[] row : new String[][] {{"drtp", "drtp, FC2-1000"}, {"bp", "bp, FC2-1000"}, {"conv_drtp", "drtp, conv net"},
            {"conv_bp", "bp, conv net"}}) {
            if (r.containsKey(row[0] + "_epoch_seconds")) {
                out.println(String.format(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %9.2f", row[1], (Double) r.get(row[0] + "_epoch_seconds"),
                        (Double) r.get(row[0] + "_epoch_gemm_seconds"), (Double) r.get(row[0] + "_epoch_optimizer_seconds"),
                        (Double) r.get(row[0] + "_epoch_gemm_ratio")));
            }
        }
        if (r.containsKey("conv_drtp_epoch_im2col_seconds")) {
            out.println(String.format(Locale.ROOT, "conv net im2col, pooling (s)     drtp %.2f, %.2f; bp %.2f, %.2f",
                    (Double) r.get("conv_drtp_epoch_im2col_seconds"), (Double) r.get("conv_drtp_epoch_pooling_seconds"),
                    (Double) r.get("conv_bp_epoch_im2col_seconds"), (Double) r.get("conv_bp_epoch_pooling_seconds")));
        }
        out.println(String.format(Locale.ROOT, "evaluation pass (not in epochs)  FC2-1000 %.2f s%s", (Double) r.get("eval_seconds"),
                r.containsKey("conv_eval_seconds") ? String.format(Locale.ROOT, ", conv net %.2f s", (Double) r.get("conv_eval_seconds")) : ""));
    }

    /**
     * drtp's figure, the peer's and drtp / peer for every figure both measured: each side's figure is the median of
     * its rounds, drtp / peer the median of the per-round ratios (the sides alternate round by round).
     */
    @SuppressWarnings("unchecked")
    private static void printPeer(Map<String, Object> r, PrintWriter out) {
        out.println();
        out.println(String.format(Locale.ROOT, "%-36s %12s %12s %12s", "side by side: " + r.get("peer_engine"), "drtp", "libtorch",
                "drtp/peer"));
        String[][] rows = {{"drtp_epoch_seconds", "drtp epoch, FC2-1000, batch 60 (s)"}, {"bp_epoch_seconds", "bp epoch, FC2-1000 (s)"},
            {"conv_drtp_epoch_seconds", "drtp epoch, conv net (s)"}, {"conv_bp_epoch_seconds", "bp epoch, conv net (s)"},
            {"online_drtp_samples_per_second", "online drtp, batch 1 (samples/s)"}};
        for (String[] row : rows) {
            if (r.containsKey("peer_" + row[0])) {
                out.println(String.format(Locale.ROOT, "%-36s %12.2f %12.2f %12.3f", row[1], (Double) r.get(row[0]),
                        (Double) r.get("peer_" + row[0]), (Double) r.get(BenchHarness.peerRatioKey(row[0]))));
            }
        }
        Map<String, Double> theirs = (Map<String, Double>) r.get("peer_gemm_gflops_by_shape");
        if (theirs != null) {
            Map<String, Double> mine = (Map<String, Double>) r.get("gemm_gflops_by_shape");
            Map<String, Double> ratio = (Map<String, Double>) r.get("gemm_peer_ratio_by_shape");
            for (String shape : theirs.keySet()) {
                out.println(String.format(Locale.ROOT, "%-36s %12.1f %12.1f %12.3f", "gemm " + shape + " (GFLOPS)", mine.get(shape),
                        theirs.get(shape), ratio.get(shape)));
            }
        }
        out.println(String.format(Locale.ROOT, "(each side: median of its rounds; drtp/peer: median of the per-round ratios;"
                + " %d rounds per gemm shape and for online, one per measured epoch)", BenchHarness.PEER_ROUNDS));
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
