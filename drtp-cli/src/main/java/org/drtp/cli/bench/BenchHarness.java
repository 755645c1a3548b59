package org.drtp.cli.bench;

import java.util.ArrayList;
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
import org.drtp.tensor.Gemm;
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

    /**
     * Rounds of each GEMM shape and of online learning when a peer is measured alongside (each side's time per
     * figure stays that of drtp alone, in slices); epochs take one round per measured epoch.
     */
    public static final int PEER_ROUNDS = 5;

    private BenchHarness() {
    }

    /**
     * Runs every measurement and returns them by key (the keys of {@code drtp bench --json}); progress lines go
     * to {@code log}. With a {@code peer} (else null) its measurements alternate with drtp's round by round
     * ({@link SideBySide}) and add {@code peer_KEY}, the median per-round ratio {@link #peerRatioKey} and the
     * rounds' values ({@code peer_rounds}) for each figure they share.
     */
    public static Map<String, Object> run(Settings s, Peer peer, Consumer<String> log) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kernels", Kernels.description());
        r.put("threads", Kernels.threads());
        r.put("caches", CacheSizes.description());
        r.put("train_examples", s.trainSize());
        SideBySide sides = new SideBySide(peer, log);
        if (peer != null) {
            r.put("peer_engine", peer.engine());
            r.put("peer_rounds", new LinkedHashMap<String, Object>());
        }
        log.accept("generating " + s.trainSize() + " synthetic examples of MNIST's shape");
        Dataset data = BenchData.mnistShape(s.trainSize(), 11);

        // Online first: a device runs only this workload, and the JIT compiles the batch-1 path best before it
        // has profiled the batch-60 products.
        log.accept("online learning, FC_500_FC_10, batch 1, plain SGD, drtp" + (sides.withPeer() ? " and the peer alternately" : ""));
        online(r, sides, data, s.onlineExamples());

        double[] epoch = epochs(r, sides, data, "", FC_TOPOLOGY, s.epochs(), log);
        r.put("drtp_bp_epoch_ratio", epoch[0] / epoch[1]);
        log.accept("evaluation pass");
        r.put("eval_seconds", evaluationSeconds(data, FC_TOPOLOGY));

        if (s.conv()) {
            epochs(r, sides, data, "conv_", CONV_TOPOLOGY, s.epochs(), log);
            r.put("conv_eval_seconds", evaluationSeconds(data, CONV_TOPOLOGY));
        }

        log.accept("retained activation memory, 10 hidden layers of 1000, batch 60");
        String deep = "FC_1000_".repeat(10) + "FC_10";
        r.put("drtp_activation_bytes", activationBytes(deep, "drtp", data));
        r.put("bp_activation_bytes", activationBytes(deep, "bp", data));

        log.accept("matrix multiply at the training shapes" + (sides.withPeer() ? ", drtp and the peer alternately" : ""));
        gemm(r, sides, s);
        if (peer != null) {
            r.put("peer_rounds", r.remove("peer_rounds")); // the long raw series last
        }
        if (sides.failure() != null) {
            r.put("peer_error", sides.failure());
        }
        return r;
    }

    /**
     * The key of the median per-round ratio drtp / peer of a figure: {@code drtp_epoch_seconds} gives
     * {@code drtp_epoch_peer_ratio}, {@code online_drtp_samples_per_second} gives {@code online_drtp_peer_ratio}.
     */
    public static String peerRatioKey(String key) {
        return key.replaceFirst("_(seconds|samples_per_second)$", "") + "_peer_ratio";
    }

    /**
     * Online samples/s: a warm-up of half the examples, then one measurement, or rounds beside the peer's; and the
     * bytes each example moves, with the rate that makes.
     */
    private static void online(Map<String, Object> r, SideBySide sides, Dataset data, int examples) {
        OnlineThroughput drtp = new OnlineThroughput(data, "FC_500_FC_10", "drtp", 0);
        OnlineThroughput bursts = new OnlineThroughput(data, "FC_500_FC_10", "drtp", OnlineThroughput.SEQUENCE);
        // The peer is several times slower per example: a tenth as many keeps its rounds no longer than drtp's.
        int theirs = Math.max(2 * PEER_ROUNDS, examples / 10);
        drtp.samplesPerSecond(examples / 2);
        bursts.samplesPerSecond(examples / 2);
        sides.warmPeer(p -> p.onlineSamplesPerSecond(theirs / 2));
        int rounds = sides.withPeer() ? PEER_ROUNDS : 1;
        // Both of drtp's ways in the same rounds; the peer learns one example per call, its figure beside the first.
        put(r, sides.rounds(List.of(new SideBySide.Figure("online_drtp_samples_per_second",
                        () -> drtp.samplesPerSecond(examples / rounds), p -> p.onlineSamplesPerSecond(theirs / rounds)),
                new SideBySide.Figure("online_drtp_sequence_samples_per_second",
                        () -> bursts.samplesPerSecond(examples / rounds), null)), rounds));
        r.put("online_drtp_sequence_length", OnlineThroughput.SEQUENCE);
        long bytes = drtp.bytesPerExample();
        r.put("online_drtp_bytes_per_example", bytes);
        r.put("online_drtp_gigabytes_per_second", (Double) r.get("online_drtp_samples_per_second") * bytes / 1e9);
    }

    /**
     * Epochs of drtp and bp on {@code topology} ({@code prefix} "" for FC2-1000, "conv_" for the conv net): a warm-up
     * epoch each (drtp's, then the peer's), the accounting of each rule's epoch ({@link EpochAccounting}), then
     * {@code epochs} rounds of drtp's drtp epoch and its products timed alone, the peer's, drtp's bp epoch and its
     * products, the peer's. Puts {@code PREFIXdrtp_epoch_seconds} and {@code PREFIXbp_epoch_seconds} and the accounting
     * ({@link #account}), returns the two epochs.
     */
    private static double[] epochs(Map<String, Object> r, SideBySide sides, Dataset data, String prefix, String topology,
                                   int epochs, Consumer<String> log) {
        log.accept("epochs of " + topology + ", batch 60, Adam: drtp and bp alternately" + (sides.withPeer() ? ", each beside the peer's" : "")
                + " (1 warm-up + " + epochs + " measured each), each followed by its products timed alone");
        List<String> rules = List.of("drtp", "bp");
        String network = prefix.isEmpty() ? "fc" : "conv";
        EpochTimer drtp = new EpochTimer(data, topology, rules, 60);
        List<SideBySide.Figure> figures = new ArrayList<>();
        List<EpochAccounting.Account> accounts = new ArrayList<>();
        List<List<Double>> ratios = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            drtp.epoch(i); // warm-up: JIT, page faults, thread pool
        }
        for (int i = 0; i < rules.size(); i++) {
            int rule = i;
            accounts.add(EpochAccounting.of(data, topology, rules.get(i), 60));
            ratios.add(new ArrayList<>());
            sides.warmPeer(p -> p.epochSeconds(network, rules.get(rule)));
            figures.add(new SideBySide.Figure(prefix + rules.get(i) + "_epoch_seconds", () -> {
                double seconds = drtp.epoch(rule);
                ratios.get(rule).add(seconds / accounts.get(rule).products().time());
                return seconds;
            }, p -> p.epochSeconds(network, rules.get(rule))));
        }
        put(r, sides.rounds(figures, epochs));
        for (int i = 0; i < rules.size(); i++) {
            account(r, prefix + rules.get(i) + "_epoch_", accounts.get(i), ratios.get(i), !prefix.isEmpty());
        }
        return new double[] {(Double) r.get(prefix + "drtp_epoch_seconds"), (Double) r.get(prefix + "bp_epoch_seconds")};
    }

    /**
     * GFLOPS at every training shape: every shape warmed on both sides first, then per shape one measurement, or
     * rounds of drtp's slice and the peer's slice.
     */
    private static void gemm(Map<String, Object> r, SideBySide sides, Settings s) {
        Gemm gemm = Kernels.gemm();
        for (String shape : GemmThroughput.SHAPES) {
            GemmThroughput.gflops(gemm, shape, 0.2, s.cpuClock());
        }
        for (String shape : GemmThroughput.SHAPES) {
            sides.warmPeer(p -> p.gemmGflops(shape, 0.2));
        }
        Map<String, SideBySide.Series> byShape = new LinkedHashMap<>();
        for (String shape : GemmThroughput.SHAPES) {
            int rounds = sides.withPeer() ? PEER_ROUNDS : 1;
            double slice = s.gemmSeconds() / rounds;
            byShape.putAll(sides.rounds(List.of(new SideBySide.Figure(shape, () -> GemmThroughput.gflops(gemm, shape, slice, s.cpuClock()),
                    p -> p.gemmGflops(shape, slice))), rounds));
        }
        Map<String, Double> mine = new LinkedHashMap<>();
        byShape.forEach((shape, series) -> mine.put(shape, series.drtpMedian()));
        r.put("gemm_clock", s.cpuClock() ? "thread cpu time" : "wall");
        r.put("gemm_gflops", Statistics.median(mine.values()));
        r.put("gemm_gflops_by_shape", mine);
        if (byShape.values().stream().allMatch(SideBySide.Series::hasPeer)) {
            Map<String, Double> theirs = new LinkedHashMap<>();
            Map<String, Double> ratio = new LinkedHashMap<>();
            Map<String, Object> rounds = new LinkedHashMap<>();
            byShape.forEach((shape, series) -> {
                theirs.put(shape, series.peerMedian());
                ratio.put(shape, series.ratio());
                rounds.put(shape, roundsOf(series));
            });
            r.put("peer_gemm_gflops_by_shape", theirs);
            r.put("gemm_peer_ratio_by_shape", ratio);
            peerRounds(r).put("gemm_gflops_by_shape", rounds);
        }
    }

    /** Each figure's drtp median under its key; with the peer's rounds, {@code peer_KEY}, the ratio and the rounds. */
    private static void put(Map<String, Object> r, Map<String, SideBySide.Series> figures) {
        figures.forEach((key, series) -> {
            r.put(key, series.drtpMedian());
            if (series.hasPeer()) {
                r.put("peer_" + key, series.peerMedian());
                r.put(peerRatioKey(key), series.ratio());
                peerRounds(r).put(key, roundsOf(series));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> peerRounds(Map<String, Object> r) {
        return (Map<String, Object>) r.get("peer_rounds");
    }

    private static Map<String, List<Double>> roundsOf(SideBySide.Series s) {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("drtp", s.drtp());
        m.put("peer", s.peer());
        m.put("ratio", s.ratios());
        return m;
    }

    /**
     * Adds {@code KEYgemm_seconds} (the products' seconds per epoch, median of their timings), {@code KEYgemm_ratio} (the
     * median of each round's epoch / its products timed right after it), {@code KEYproducts} (seconds by shape),
     * {@code KEYoptimizer_seconds} and for a conv net {@code KEYim2col_seconds} and {@code KEYpooling_seconds}.
     */
    private static void account(Map<String, Object> r, String key, EpochAccounting.Account a, List<Double> ratios,
                                boolean conv) {
        r.put(key + "gemm_seconds", a.gemmSeconds());
        r.put(key + "optimizer_seconds", a.optimizerSeconds());
        r.put(key + "gemm_ratio", Statistics.median(ratios));
        r.put(key + "gemm_ratio_rounds", ratios);
        r.put(key + "products", a.productSeconds());
        if (conv) {
            r.put(key + "im2col_seconds", a.im2colSeconds());
            r.put(key + "pooling_seconds", a.poolingSeconds());
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
