package org.drtp.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Kernels;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * The project's own benchmark ({@code drtp bench}): one process, synthetic data of MNIST's shape, the
 * figures the performance issue names. Speed is measured here and in JMH, never in unit tests.
 */
public final class BenchHarness {

    /** What to run: measured epochs per rule, examples for the online figure, seconds per gemm shape. */
    public record Settings(int epochs, int trainSize, int onlineExamples, double gemmSeconds) {

        public static Settings standard() {
            return new Settings(3, 60_000, 100_000, 1.0);
        }

        /** A short run for smoke tests: small data, one measured epoch. */
        public static Settings quick() {
            return new Settings(1, 6_000, 10_000, 0.2);
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
        r.put("train_examples", s.trainSize());
        log.accept("generating " + s.trainSize() + " synthetic examples of MNIST's shape");
        Dataset data = BenchData.mnistShape(s.trainSize(), 11);

        // Online first: a device runs only this workload, and the JIT compiles the batch-1 path best before it
        // has profiled the batch-60 products.
        log.accept("online learning, FC_500_FC_10, batch 1, plain SGD, drtp");
        r.put("online_drtp_samples_per_second",
                OnlineThroughput.samplesPerSecond(data, "FC_500_FC_10", "drtp", s.onlineExamples() / 2, s.onlineExamples()));

        log.accept("epochs of FC_1000_FC_1000_FC_10, batch 60, Adam: drtp and bp alternately (1 warm-up + "
                + s.epochs() + " measured each)");
        double[] epoch = EpochTimer.medianEpochSeconds(data, "FC_1000_FC_1000_FC_10", List.of("drtp", "bp"), 60, s.epochs());
        r.put("drtp_epoch_seconds", epoch[0]);
        r.put("bp_epoch_seconds", epoch[1]);
        r.put("drtp_bp_epoch_ratio", epoch[0] / epoch[1]);

        log.accept("retained activation memory, 10 hidden layers of 1000, batch 60");
        String deep = "FC_1000_".repeat(10) + "FC_10";
        r.put("drtp_activation_bytes", activationBytes(deep, "drtp", data));
        r.put("bp_activation_bytes", activationBytes(deep, "bp", data));

        log.accept("matrix multiply at the training shapes");
        Map<String, Double> gemm = GemmThroughput.gflops(Kernels.gemm(), s.gemmSeconds());
        r.put("gemm_gflops", Statistics.median(gemm.values().stream().mapToDouble(Double::doubleValue).toArray()));
        r.put("gemm_gflops_by_shape", gemm);
        return r;
    }

    static long activationBytes(String topology, String rule, Dataset data) {
        Network net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        return new TrainingStep(net, LearningRules.create(rule), new Adam(1e-3), Loss.BCE, 60, new Rng(1), false)
                .retainedActivationBytes();
    }
}
