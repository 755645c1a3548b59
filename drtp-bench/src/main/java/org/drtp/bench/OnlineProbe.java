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
 *     org.drtp.bench.OnlineProbe [rounds] [examples per round]</pre>
 */
public final class OnlineProbe {

    private static final int WARMUP = 20_000;

    private OnlineProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
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
        Network net = Network.build("FC_500_FC_10", data.exampleShape(), NetworkOptions.defaults(), new Rng(1));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(2));
        OnlineLearner learner = new OnlineLearner(net, rule, new Sgd(1e-2, 0, false), Loss.BCE, 1, 3);
        float[] x = new float[784];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int k = 0;
        for (int i = 0; i < WARMUP; i++, k++) {
            data.copyFeatures(k % size, x, 0);
            learner.learn(x, data.label(k % size));
        }
        StringBuilder line = new StringBuilder(Kernels.description() + ", samples/s (cpu, wall):");
        for (int round = 0; round < rounds; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++, k++) {
                data.copyFeatures(k % size, x, 0);
                learner.learn(x, data.label(k % size));
            }
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
}
