package org.drtp.experiment;

import java.util.ArrayList;
import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.data.LabelledStream;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Sgd;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.OnlineLearner;

/**
 * A concept-drift stream for online learners: the examples of a dataset in a random order with their true
 * labels, then (reshuffled) with the labels permuted by a fixed random derangement, so that every class changes
 * meaning halfway. Each learner runs prequentially (predict, then learn, one example at a time) and its rolling
 * accuracy is recorded: it should drop at the switch and recover as the network relearns.
 */
public final class ConceptDrift {

    /** Settings: the topology, SGD learning rate, rolling window and recording interval (examples). */
    public record Settings(String topology, double lr, int window, int every, long seed) {

        public static Settings defaults() {
            return new Settings("FC_500_FC_10", 0.01, 500, 100, 42);
        }
    }

    /** One rule's curve: rolling accuracy (%) after {@code examples[i]} examples, and summary figures. */
    public record Curve(String rule, double[] examples, double[] rollingAccuracy, double beforeDrift, double lowest,
                        double atEnd, long recoveryExamples) {
    }

    /** What happened: the drift position and each rule's curve. */
    public record Result(int driftAt, int[] labelMap, List<Curve> curves) {
    }

    private ConceptDrift() {
    }

    /** The label permutation: a random derangement (no class keeps its label). */
    static int[] derangement(int classes, Rng rng) {
        int[] p = new int[classes];
        boolean ok;
        do {
            for (int i = 0; i < classes; i++) {
                p[i] = i;
            }
            rng.shuffle(p);
            ok = true;
            for (int i = 0; i < classes; i++) {
                ok &= p[i] != i;
            }
        } while (!ok);
        return p;
    }

    public static Result run(Dataset data, List<String> rules, Settings s) {
        Rng rng = new Rng(s.seed());
        int n = data.size();
        if (s.window() > n) {
            // The curve starts once a window is full; a window beyond the drift point would also allocate for nothing.
            throw new InvalidSettingException("window", s.window() + " is longer than the " + n
                    + " examples before the drift (the rolling accuracy needs a full window before the drift)");
        }
        int[] first = identity(n);
        rng.shuffle(first);
        int[] second = identity(n);
        rng.shuffle(second);
        int[] map = derangement(data.numClasses(), rng);
        List<Curve> curves = new ArrayList<>();
        for (String id : rules) {
            Network net = Network.build(s.topology(), data.exampleShape(), NetworkOptions.defaults(),
                    Rng.forComponent(s.seed(), 0, RandomStream.INIT));
            LearningRule rule = LearningRules.create(id);
            rule.initialise(net, Rng.forComponent(s.seed(), 0, RandomStream.FEEDBACK));
            OnlineLearner learner = new OnlineLearner(net, rule, new Sgd(s.lr(), 0, false), Loss.BCE, 1, s.seed());
            curves.add(follow(id, learner, data, first, second, map, s));
        }
        return new Result(n, map, curves);
    }

    private static Curve follow(String id, OnlineLearner learner, Dataset data, int[] first, int[] second, int[] map,
                                Settings s) {
        float[] x = new float[data.exampleSize()];
        boolean[] ring = new boolean[s.window()];
        int hits = 0;
        long seen = 0;
        List<double[]> points = new ArrayList<>();
        for (int phase = 0; phase < 2; phase++) {
            LabelledStream stream = LabelledStream.of(data, phase == 0 ? first : second, phase == 0 ? null : map);
            int label;
            while ((label = stream.next(x)) >= 0) {
                boolean ok = learner.predictThenLearn(x, label) == label;
                int slot = (int) (seen % ring.length);
                if (seen >= ring.length && ring[slot]) {
                    hits--;
                }
                ring[slot] = ok;
                hits += ok ? 1 : 0;
                seen++;
                if (seen % s.every() == 0 && seen >= ring.length) {
                    points.add(new double[] {seen, 100.0 * hits / ring.length});
                }
            }
        }
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
        int n = data.size();
        double before = Double.NaN;
        double lowest = Double.POSITIVE_INFINITY;
        long recovery = -1;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] <= n) {
                before = ys[i];
            } else {
                lowest = Math.min(lowest, ys[i]);
                if (recovery < 0 && xs[i] >= n + s.window() && ys[i] >= before - 5) {
                    recovery = (long) xs[i] - n;
                }
            }
        }
        return new Curve(id, xs, ys, before, lowest, ys.length == 0 ? Double.NaN : ys[ys.length - 1], recovery);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
