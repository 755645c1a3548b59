package org.drtp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;
import org.drtp.train.OnlineLearner;

/**
 * A/B evidence for the online path (docs/performance.md, "Measuring on a shared machine"), no JMH: online DRTP on
 * FC_500_FC_10 at batch 1 with plain SGD through {@link OnlineLearner#learn}, the workload of {@code drtp bench}'s
 * {@code online_drtp_samples_per_second}, on the same synthetic data of MNIST's shape. Prints samples per second of
 * each round on the calling thread's CPU clock and on the wall clock, then a hash of the raw bits of every
 * parameter: two builds that print the same hash after the same examples trained the same network bit for bit.
 * Run two builds in alternating processes ({@code -Ddrtp.threads=1|2}).
 *
 * <pre>java --add-modules jdk.incubator.vector -Ddrtp.threads=1 -cp drtp-bench/target/benchmarks.jar
 *     org.drtp.bench.OnlineProbe [rounds] [examples per round] [sequence chunk, 0 = one learn call per example]
 *     [topology, default FC_500_FC_10]</pre>
 */
public final class OnlineProbe {

    private static final int WARMUP = 20_000;

    private OnlineProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String topology = args.length > 3 ? args[3] : "FC_500_FC_10";
        int size = 6_000;
        Rng r = new Rng(11);
        float[] features = new float[size * 784];
        for (int i = 0; i < features.length; i++) {
            features[i] = r.nextFloat();
        }
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = r.nextInt(10);
        }
        Dataset data = Dataset.classification("synthetic", new Shape(1, 28, 28), features, labels, 10);
        Network net = Network.build(topology, data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(2));
        OnlineLearner learner = new OnlineLearner(net, rule, new Sgd(1e-2, 0, false), Loss.BCE, 1, 3);
        Feed feed = new Feed(data, learner, chunk);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int k = 0;
        feed.learn(k, WARMUP);
        k += WARMUP;
        StringBuilder line = new StringBuilder(Kernels.description() + (chunk > 0 ? ", learnSequence of " + chunk : "")
                + ", samples/s (cpu, wall):");
        for (int round = 0; round < rounds; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            feed.learn(k, perRound);
            k += perRound;
            long c1 = mx.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            line.append(String.format(Locale.ROOT, " %.0f %.0f;", perRound / ((c1 - c0) / 1e9),
                    perRound / ((t1 - t0) / 1e9)));
        }
        long h = 1;
        for (Parameter p : net.parameters()) {
            for (float f : p.value()) {
                h = 31 * h + Float.floatToRawIntBits(f);
            }
        }
        System.out.println(line + " parameters after " + k + " examples: " + Long.toHexString(h));
    }

    /**
     * Examples k, k+1, ... of the data set (cyclically) to the learner: one {@link OnlineLearner#learn} each, or in
     * {@link OnlineLearner#learnSequence} calls of {@code chunk} examples copied into one buffer (the same bits).
     */
    private record Feed(Dataset data, OnlineLearner learner, int chunk, float[] x, int[] labels) {
        Feed(Dataset data, OnlineLearner learner, int chunk) {
            this(data, learner, chunk, new float[Math.max(1, chunk) * data.exampleSize()], new int[Math.max(1, chunk)]);
        }

        void learn(int k, int examples) {
            int size = data.size();
            int n = data.exampleSize();
            for (int i = 0; i < examples; ) {
                int c = chunk == 0 ? 1 : Math.min(chunk, examples - i);
                for (int j = 0; j < c; j++, i++) {
                    data.copyFeatures((k + i) % size, x, j * n);
                    labels[j] = data.label((k + i) % size);
                }
                if (chunk == 0) {
                    learner.learn(x, labels[0]);
                } else {
                    learner.learnSequence(x, labels, c, null);
                }
            }
        }
    }
}
