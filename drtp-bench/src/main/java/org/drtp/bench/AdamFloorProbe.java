package org.drtp.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;
import org.drtp.tensor.UpdateKernels;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * What Adam costs inside a training step, and how much of it is memory traffic (docs/performance.md, "Adam's memory
 * floor"), no JMH. Part 1 trains one network (FC_1000_FC_1000_FC_10 by default, batch 60, uniform random inputs and
 * labels as {@code drtp bench}) in alternating rounds in one JVM, with the same network each round:
 * <ul>
 *   <li>{@code adam}: Adam stepping the weight rows as the weight-gradient product hands them over (as trained);</li>
 *   <li>{@code none}: no optimizer step (the products and element-wise work alone);</li>
 *   <li>{@code adam-l1}: the same Adam kernel on the same rows' gradients, but on a small per-thread state of one
 *       block of rows, which stays in L1: Adam's arithmetic without its weights' and moments' memory traffic.</li>
 * </ul>
 * It prints the median microseconds per step of each (wall clock): {@code adam - none} is what Adam adds to a step,
 * {@code adam - adam-l1} the part of it that is memory traffic. It also times every product call inside the steps
 * (a {@link TimedGemm} around the kernels) and prints each mode's product time and the rest of its step (the
 * weight-gradient products include the Adam rows they hand over), then the same product shapes timed alone, as
 * {@code drtp bench} times them for its epoch / products ratio. Part 2 times the Adam kernel alone on one thread over
 * state arrays of growing size holding random values (uniform values stream faster on some virtual machines, so the
 * values are random), in ns per weight and the GB/s that makes at 28 bytes per weight (w, g, m, v read; w, m, v
 * written); the smallest, 2,048 weights, stays in L1, so its rate is Adam's exact arithmetic alone (a square root and
 * a division per weight). Last it prints what issue 15's target, a step at most 1.25x its products alone, leaves for
 * Adam beside the step without an optimizer, and the least that arithmetic costs on all threads.
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 -cp drtp-bench/target/benchmarks.jar
 *     org.drtp.bench.AdamFloorProbe [rule] [rounds] [steps per round] [topology]</pre>
 */
public final class AdamFloorProbe {

    private static final String[] MODES = {"adam", "none", "adam-l1"};

    private AdamFloorProbe() {
    }

    public static void main(String[] args) {
        String rule = args.length > 0 ? args[0] : "drtp";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String topology = args.length > 3 ? args[3] : "FC_1000_FC_1000_FC_10";
        InSitu measured = inSitu(rule, rounds, steps, topology);
        double arithmeticNs = streaming();
        budget(measured, arithmeticNs);
    }

    /** Part 1's medians in us per step, and the number of weights Adam steps. */
    private record InSitu(double none, double productsAlone, long weights) {
    }

    /**
     * What the epoch / products target of issue 15 (1.25) leaves for Adam in this network's step, against the least
     * Adam's exact arithmetic can cost: every weight's square root and division at the rate of a state that stays in
     * L1, on all of the kernels' threads at once, with no memory traffic.
     */
    private static void budget(InSitu s, double arithmeticNsPerWeight) {
        double allowed = 1.25 * s.productsAlone();
        double floor = s.weights() * arithmeticNsPerWeight / 1e3 / Kernels.threads();
        System.out.printf(Locale.ROOT, "1.25 x the products alone = %.0f us per step; the step without an optimizer takes"
                + " %.0f us, which leaves %.0f us for Adam; Adam's arithmetic alone over %d weights on %d threads takes at"
                + " least %.0f us (%.3f ns per weight on one thread, state in L1)%n", allowed, s.none(), allowed - s.none(),
                s.weights(), Kernels.threads(), floor, arithmeticNsPerWeight);
    }

    private static InSitu inSitu(String ruleId, int rounds, int steps, String topology) {
        int batch = 60;
        TimedGemm timed = new TimedGemm(Kernels.gemm());
        Kernels.setGemm(timed);
        Network net = Network.build(topology, new Shape(1, 28, 28), NetworkOptions.defaults(), new Rng(1));
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(2));
        Switching optimizer = new Switching(new Adam(5e-4));
        optimizer.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, optimizer, Loss.BCE, batch, new Rng(3), false);
        Batches data = new Batches(batch, 50, new Rng(4));
        double[][] us = new double[MODES.length][rounds];
        double[][] productUs = new double[MODES.length][rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            for (int m = 0; m < MODES.length; m++) {
                optimizer.mode = m;
                timed.nanos = 0;
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    data.train(step, s);
                }
                if (r >= 0) {
                    us[m][r] = (System.nanoTime() - t0) / 1e3 / steps;
                    productUs[m][r] = timed.nanos / 1e3 / steps;
                }
            }
        }
        Kernels.setGemm(timed.inner);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s batch %d, us per step (median of %d"
                + " rounds of %d steps):", ruleId, topology, batch, rounds, steps));
        double[] median = new double[MODES.length];
        for (int m = 0; m < MODES.length; m++) {
            median[m] = Statistics.median(us[m]);
            line.append(String.format(Locale.ROOT, " %s %.0f", MODES[m], median[m]));
        }
        System.out.println(line);
        System.out.printf(Locale.ROOT, "Adam adds %.0f us per step, of which memory traffic %.0f us (adam - adam-l1)%n",
                median[0] - median[1], median[0] - median[2]);
        StringBuilder split = new StringBuilder("inside the steps, us per step (median), products / the rest:");
        for (int m = 0; m < MODES.length; m++) {
            double products = Statistics.median(productUs[m]);
            split.append(String.format(Locale.ROOT, " %s %.0f / %.0f", MODES[m], products, median[m] - products));
        }
        System.out.println(split);
        double alone = timed.aloneMicros(steps);
        System.out.printf(Locale.ROOT, "the same products alone: %.0f us per step%n", alone);
        long weights = 0;
        for (Parameter p : net.parameters()) {
            weights += p.size();
        }
        return new InSitu(median[1], alone, weights);
    }

    /**
     * The kernels' {@link Gemm} with a stopwatch: the wall time of every product called from the training thread, and
     * each call's shape, so that the same products can be timed alone afterwards.
     */
    private static final class TimedGemm implements Gemm {
        final Gemm inner;
        long nanos;
        private final Map<String, int[]> shapes = new LinkedHashMap<>();
        private final Map<String, Integer> calls = new LinkedHashMap<>();

        TimedGemm(Gemm inner) {
            this.inner = inner;
        }

        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
        }

        @Override
        public void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, RowsDone done) {
            long t0 = System.nanoTime();
            inner.multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, done);
            record(t0, m, n, k, transA, transB, 1);
        }

        /** Passed on whole (a conv layer's weight gradient): the default would run and time it product by product. */
        @Override
        public void sumOfProductsNT(int count, int m, int n, int k, float[] a, int aOff, int aStep, int lda,
                                    float[] b, int bOff, int bStep, int ldb, float beta, float[] c, int cOff, int ldc) {
            long t0 = System.nanoTime();
            inner.sumOfProductsNT(count, m, n, k, a, aOff, aStep, lda, b, bOff, bStep, ldb, beta, c, cOff, ldc);
            record(t0, m, n, k, false, true, count);
        }

        /** Adds the call's time since {@code t0} and counts its shape ({@code terms} > 1: a sum of NT products). */
        private void record(long t0, int m, int n, int k, boolean transA, boolean transB, int terms) {
            nanos += System.nanoTime() - t0;
            String key = (terms > 1 ? terms + "*" : "") + m + "x" + n + "x" + k + (transA ? "T" : "N") + (transB ? "T" : "N");
            shapes.putIfAbsent(key, new int[] {m, n, k, transA ? 1 : 0, transB ? 1 : 0, terms});
            calls.merge(key, 1, Integer::sum);
        }

        @Override
        public String name() {
            return inner.name();
        }

        /** The recorded products, each shape timed alone on operands of its size, in us per training step. */
        double aloneMicros(int stepsPerRound) {
            long steps = (long) calls.values().iterator().next(); // the first layer's forward: one call per step
            double total = 0;
            for (Map.Entry<String, int[]> e : shapes.entrySet()) {
                int[] d = e.getValue();
                int m = d[0], n = d[1], k = d[2], terms = d[5];
                boolean ta = d[3] == 1, tb = d[4] == 1;
                float[] a = new float[terms * m * k], b = new float[terms * n * k], c = new float[m * n];
                Arrays.fill(a, 0.01f);
                Arrays.fill(b, 0.02f);
                int reps = Math.max(50, stepsPerRound);
                long t0 = 0;
                for (int i = -reps; i < reps; i++) { // as many warm-up calls first
                    if (i == 0) {
                        t0 = System.nanoTime();
                    }
                    if (terms > 1) {
                        inner.sumOfProductsNT(terms, m, n, k, a, 0, m * k, k, b, 0, n * k, k, 0f, c, 0, n);
                    } else {
                        inner.multiply(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                    }
                }
                double perCall = (System.nanoTime() - t0) / 1e3 / reps;
                total += perCall * calls.get(e.getKey()) / steps;
            }
            return total;
        }
    }

    /** Part 2; returns the ns per weight of the smallest state (2,048 weights, 32 KB: in L1), Adam's arithmetic alone. */
    private static double streaming() {
        UpdateKernels kernels = UpdateKernels.get();
        double smallest = Double.NaN;
        for (int n : new int[] {1 << 11, 1 << 16, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22}) {
            Rng r = new Rng(n);
            float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (r.nextFloat() - 0.5f) * 0.1f;
                g[i] = (r.nextFloat() - 0.5f) * 2e-3f;
                m[i] = (r.nextFloat() - 0.5f) * 2e-4f;
                v[i] = r.nextFloat() * 1e-6f;
            }
            double best = Double.MAX_VALUE;
            int sweeps = Math.max(1, (1 << 16) / n); // a small state is swept many times per timing: a timer read is ~20 ns
            for (int rep = 0, reps = Math.max(20, (1 << 24) / n / sweeps); rep < reps; rep++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < sweeps; k++) {
                    kernels.adam(w, g, m, v, 0, n, 0.9f, 0.999f, 5e-4f, 1.2f, 1e-8f);
                }
                best = Math.min(best, (System.nanoTime() - t0) / ((double) n * sweeps));
            }
            if (Double.isNaN(smallest)) {
                smallest = best;
            }
            System.out.printf(Locale.ROOT, "Adam alone, 1 thread, %d weights (%.0f MB of w, g, m, v): %.3f ns per weight,"
                    + " %.0f GB/s%n", n, n * 16 / 1e6, best, 28 / best);
        }
        return smallest;
    }

    /** Batches of uniform random inputs and random one-hot targets, as {@code drtp bench}'s synthetic data. */
    private static final class Batches {
        private final float[][] x;
        private final float[][] t;
        private final int[][] labels;
        private final int batch;

        Batches(int batch, int count, Rng r) {
            this.batch = batch;
            x = new float[count][batch * 784];
            t = new float[count][batch * 10];
            labels = new int[count][batch];
            for (int b = 0; b < count; b++) {
                for (int i = 0; i < x[b].length; i++) {
                    x[b][i] = r.nextFloat();
                }
                for (int i = 0; i < batch; i++) {
                    labels[b][i] = r.nextInt(10);
                    t[b][i * 10 + labels[b][i]] = 1f;
                }
            }
        }

        void train(TrainingStep step, int s) {
            int b = s % x.length;
            step.run(x[b], t[b], labels[b], batch);
        }
    }

    /** Adam as trained, no step, or Adam on a small L1-resident state ({@link #mode}, switched between rounds). */
    private static final class Switching extends ForwardingOptimizer {
        private final ThreadLocal<float[][]> small = ThreadLocal.withInitial(() -> new float[4][0]);
        private final UpdateKernels kernels = UpdateKernels.get();
        volatile int mode;

        Switching(Adam adam) {
            super(adam);
        }

        @Override
        public void step(Parameter p) {
            if (mode == 0) {
                inner.step(p);
            }
        }

        @Override
        public Gemm.RowsDone stepByRows(Parameter p) {
            if (mode == 0) {
                return inner.stepByRows(p);
            }
            if (mode == 1) {
                return (from, to) -> { };
            }
            float[] g = p.grad();
            int rowLength = p.size() / p.shape()[0];
            return (from, to) -> inL1(g, from * rowLength, to * rowLength);
        }

        /** The Adam kernel on gradient elements [from, to) with a state the size of the range, reused (in L1). */
        private void inL1(float[] g, int from, int to) {
            int len = to - from;
            float[][] s = small.get();
            if (s[0].length < len) {
                for (int i = 0; i < 4; i++) {
                    s[i] = new float[len];
                }
                Arrays.fill(s[3], 1e-6f);
            }
            System.arraycopy(g, from, s[1], 0, len);
            kernels.adam(s[0], s[1], s[2], s[3], 0, len, 0.9f, 0.999f, 5e-4f, 1.2f, 1e-8f);
        }
    }
}
