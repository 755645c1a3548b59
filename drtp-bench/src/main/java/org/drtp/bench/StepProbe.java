package org.drtp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * A/B evidence for the fused optimizer step (docs/performance.md, "Fused optimizer step"), no JMH: trains
 * FC_1000_FC_1000_FC_10 (or another topology on 28x28 inputs) at batch 60 with Adam, once with the step fused into the weight-gradient product and once
 * with an optimizer that declines to step by rows (gradient first, Adam after), in alternating rounds in one JVM, and
 * prints the median microseconds per step of each (on the thread's CPU clock at one thread, else wall-clock) and the median of the per-round ratios.
 *
 * <pre>java --add-modules jdk.incubator.vector -Ddrtp.threads=1 -cp drtp-bench/target/benchmarks.jar
 *     org.drtp.bench.StepProbe [rule] [rounds] [steps per round] [topology]</pre>
 */
public final class StepProbe {

    private StepProbe() {
    }

    public static void main(String[] args) {
        String rule = args.length > 0 ? args[0] : "drtp";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        String topology = args.length > 3 ? args[3] : "FC_1000_FC_1000_FC_10";
        int batch = 60;
        Runner fused = new Runner(rule, topology, new Adam(5e-4), batch);
        Runner twoPass = new Runner(rule, topology, new Unfused(new Adam(5e-4)), batch);
        Runner none = new Runner(rule, topology, new Unfused(new Adam(5e-4), false), batch);
        fused.run(steps * 3);
        twoPass.run(steps * 3);
        none.run(steps * 3);
        double[] c = new double[rounds];
        double[] a = new double[rounds], b = new double[rounds], ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            a[r] = fused.run(steps);
            b[r] = twoPass.run(steps);
            c[r] = none.run(steps);
            ratio[r] = a[r] / b[r];
        }
        System.out.printf(Locale.ROOT, "%s %s batch %d, Adam: fused %.0f us/step, two-pass %.0f us/step,"
                + " fused / two-pass %.3f (median of %d rounds of %d steps)%n", rule, topology, batch, Statistics.median(a), Statistics.median(b),
                Statistics.median(ratio), rounds, steps);
        System.out.printf(Locale.ROOT, "without optimizer step %.0f us/step%n", Statistics.median(c));
    }

    private static final class Runner {
        private final TrainingStep step;
        private final float[] x;
        private final float[] t;
        private final int[] labels;
        private final int batch;
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

        Runner(String ruleId, String topology, Optimizer optimizer, int batch) {
            Network net = Network.build(topology, new Shape(1, 28, 28), NetworkOptions.defaults(), new Rng(1));
            LearningRule rule = LearningRules.create(ruleId);
            rule.initialise(net, new Rng(2));
            optimizer.init(net.parameters());
            step = new TrainingStep(net, rule, optimizer, Loss.BCE, batch, new Rng(3), false);
            this.batch = batch;
            Rng r = new Rng(4);
            x = new float[batch * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            t = new float[batch * 10];
            labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = r.nextInt(10);
                t[i * 10 + labels[i]] = 1f;
            }
        }

        /**
         * Microseconds per step over {@code steps} steps: CPU time of this thread when it computes alone
         * ({@code drtp.threads=1}), else wall-clock time (the kernel threads' work is not on this thread's clock).
         */
        double run(int steps) {
            boolean alone = Kernels.threads() == 1;
            long t0 = alone ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            for (int s = 0; s < steps; s++) {
                step.run(x, t, labels, batch);
            }
            return ((alone ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e3 / steps;
        }
    }

    /**
     * The inner optimizer, declining to step by rows (the training step then computes each gradient, then steps),
     * and with {@code steps} false not stepping at all (the products and element-wise work alone).
     */
    private static final class Unfused extends ForwardingOptimizer {
        private final boolean steps;

        Unfused(Optimizer inner) {
            this(inner, true);
        }

        Unfused(Optimizer inner, boolean steps) {
            super(inner);
            this.steps = steps;
        }

        @Override
        public void step(Parameter p) {
            if (steps) {
                inner.step(p);
            }
        }
    }
}
