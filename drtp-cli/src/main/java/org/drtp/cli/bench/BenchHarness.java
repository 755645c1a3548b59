package org.drtp.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.CacheSizes;
import org.drtp.tensor.Kernels;
import org.drtp.train.Evaluation;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * The project's own benchmark ({@code drtp bench}): one process, synthetic data of MNIST's shape, the
 * figures the performance issue names. Speed is measured here and in JMH, never in unit tests.
 */
public final class BenchHarness {

    /** The conv network of the Fashion-MNIST acceptance run. */
    public static final String CONV_TOPOLOGY = "CONV_32_5_1_2_FC_1000_FC_10";
    /** The fully connected network of the speed figures. */
    public static final String FC_TOPOLOGY = "FC_1000_FC_1000_FC_10";

    /**
     * What to run: measured epochs per rule, examples for the online figure, seconds per gemm shape, and whether
     * the conv network's epochs are measured too; {@code cpuClock}: GEMM rates timed on the calling thread's CPU
     * clock (single-threaded kernels only: robust when other processes share the cores).
     */
    public record Settings(int epochs, int trainSize, int onlineExamples, double gemmSeconds, boolean conv,
                           boolean cpuClock) {

        public static Settings standard() {
            return new Settings(3, 60_000, 100_000, 1.0, true, false);
        }

        /** A short run for smoke tests: small data, one measured epoch. */
        public static Settings quick() {
            return new Settings(1, 6_000, 10_000, 0.2, true, false);
        }
    }

    private BenchHarness() {
    }

    /**
     * Runs every measurement and returns them by key (the keys of {@code drtp bench --json}); progress lines go
     * to {@code log}.
     */
    public static Map<String, Object> run(Settings s, Consumer<String> log) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kernels", Kernels.description());
        r.put("threads", Kernels.threads());
        r.put("caches", CacheSizes.detected().toString());
        r.put("train_examples", s.trainSize());
        log.accept("generating " + s.trainSize() + " synthetic examples of MNIST's shape");
        Dataset data = BenchData.mnistShape(s.trainSize(), 11);

        // Online first: a device runs only this workload, and the JIT compiles the batch-1 path best before it
        // has profiled the batch-60 products.
        log.accept("online learning, FC_500_FC_10, batch 1, plain SGD, drtp");
        double online = OnlineThroughput.samplesPerSecond(data, "FC_500_FC_10", "drtp", s.onlineExamples() / 2,
                s.onlineExamples());
        long onlineBytes = OnlineThroughput.bytesPerExample("FC_500_FC_10", data);
        r.put("online_drtp_samples_per_second", online);
        r.put("online_drtp_bytes_per_example", onlineBytes);
        r.put("online_drtp_gigabytes_per_second", online * onlineBytes / 1e9);

        log.accept("epochs of " + FC_TOPOLOGY + ", batch 60, Adam: drtp and bp alternately (1 warm-up + "
                + s.epochs() + " measured each)");
        double[] epoch = EpochTimer.medianEpochSeconds(data, FC_TOPOLOGY, List.of("drtp", "bp"), 60, s.epochs());
        r.put("drtp_epoch_seconds", epoch[0]);
        r.put("bp_epoch_seconds", epoch[1]);
        r.put("drtp_bp_epoch_ratio", epoch[0] / epoch[1]);
        log.accept("where the epochs go: products and optimizer at drtp's own rate; evaluation pass");
        account(r, "", data, FC_TOPOLOGY, epoch);
        r.put("eval_seconds", evaluationSeconds(data, FC_TOPOLOGY));

        if (s.conv()) {
            log.accept("epochs of " + CONV_TOPOLOGY + ", batch 60, Adam: drtp and bp alternately (1 warm-up + "
                    + s.epochs() + " measured each)");
            double[] conv = EpochTimer.medianEpochSeconds(data, CONV_TOPOLOGY, List.of("drtp", "bp"), 60, s.epochs());
            r.put("conv_drtp_epoch_seconds", conv[0]);
            r.put("conv_bp_epoch_seconds", conv[1]);
            account(r, "conv_", data, CONV_TOPOLOGY, conv);
            r.put("conv_eval_seconds", evaluationSeconds(data, CONV_TOPOLOGY));
        }

        log.accept("retained activation memory, 10 hidden layers of 1000, batch 60");
        String deep = "FC_1000_".repeat(10) + "FC_10";
        r.put("drtp_activation_bytes", activationBytes(deep, "drtp", data));
        r.put("bp_activation_bytes", activationBytes(deep, "bp", data));

        log.accept("matrix multiply at the training shapes");
        Map<String, Double> gemm = GemmThroughput.gflops(Kernels.gemm(), s.gemmSeconds(), s.cpuClock());
        r.put("gemm_clock", s.cpuClock() ? "thread cpu time" : "wall");
        r.put("gemm_gflops", Statistics.median(gemm.values().stream().mapToDouble(Double::doubleValue).toArray()));
        r.put("gemm_gflops_by_shape", gemm);
        return r;
    }

    /**
     * Adds {@code PREFIXdrtp_epoch_gemm_seconds}, {@code ..._optimizer_seconds} and {@code ..._products} for drtp and
     * bp (epochs in that order), and the ratio of each epoch to its products' time.
     */
    private static void account(Map<String, Object> r, String prefix, Dataset data, String topology, double[] epochs) {
        String[] rules = {"drtp", "bp"};
        for (int i = 0; i < rules.length; i++) {
            EpochAccounting.Account a = EpochAccounting.of(data, topology, rules[i], 60);
            String key = prefix + rules[i] + "_epoch_";
            r.put(key + "gemm_seconds", a.gemmSeconds());
            r.put(key + "optimizer_seconds", a.optimizerSeconds());
            r.put(key + "gemm_ratio", epochs[i] / a.gemmSeconds());
            r.put(key + "products", a.productSeconds());
            if (!prefix.isEmpty()) {
                r.put(key + "im2col_seconds", a.im2colSeconds());
                r.put(key + "pooling_seconds", a.poolingSeconds());
            }
        }
    }

    /** Seconds of one evaluation pass (inference, batches of 1000) over the data, median of 3 after a warm-up. */
    static double evaluationSeconds(Dataset data, String topology) {
        Network net = EpochTimer.build(topology, data);
        Inference inference = new Inference(net, Evaluation.BATCH);
        double[] t = new double[4];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            Evaluation.of(inference, net, data, Loss.BCE);
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return Statistics.median(java.util.Arrays.copyOfRange(t, 1, t.length));
    }

    static long activationBytes(String topology, String rule, Dataset data) {
        Network net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        return new TrainingStep(net, LearningRules.create(rule), new Adam(1e-3), Loss.BCE, 60, new Rng(1), false)
                .retainedActivationBytes();
    }
}
