package org.drtp.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.drtp.io.SafeTensors;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizer;
import org.drtp.optim.Optimizers;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;

/**
 * Replays one golden trace (a short run recorded with the authors' PyTorch code; docs/semantics.md) through
 * drtp's public API and compares every parameter after every optimizer step. No JUnit here: {@link
 * GoldenTraceTest} also runs {@link #main} in a child JVM with other kernels.
 */
final class GoldenTraces {

    /** Largest absolute difference allowed for any parameter value after any step (issue 12's acceptance). */
    static final double TOLERANCE = 1e-5;
    /** The files, in the test resources. */
    static final String DIR = "golden/reference-steps";
    static final int CASES = 15;

    private GoldenTraces() {
    }

    /** The golden files in {@code dir}, sorted; throws unless there are exactly {@link #CASES}. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList();
            if (all.size() != CASES) {
                throw new AssertionError("expected " + CASES + " golden traces in " + dir + ", found " + all.size());
            }
            return all;
        }
    }

    /**
     * Replays {@code file}; returns the largest absolute difference over all parameters and steps, and throws
     * AssertionError at the first parameter (or loss) further than {@link #TOLERANCE} from the reference.
     */
    static double check(Path file) {
        SafeTensors.Content c = SafeTensors.read(file);
        String src = file.getFileName().toString();
        int size = Integer.parseInt(c.requireMeta(src, "size"));
        int channels = Integer.parseInt(c.requireMeta(src, "channels"));
        int classes = Integer.parseInt(c.requireMeta(src, "classes"));
        int batch = Integer.parseInt(c.requireMeta(src, "batch_size"));
        int steps = Integer.parseInt(c.requireMeta(src, "steps"));
        NetworkOptions options = new NetworkOptions(Activation.fromId(c.requireMeta(src, "hidden_act")),
                Activation.fromId(c.requireMeta(src, "output_act")), Activation.fromId(c.requireMeta(src, "conv_act")),
                Float.parseFloat(c.requireMeta(src, "dropout")), false);
        Network net = Network.build(Topology.parse(c.requireMeta(src, "topology")), new Shape(channels, size, size),
                options, new Rng(1));
        for (Parameter p : net.parameters()) {
            SafeTensors.Tensor t = c.require(src, "init." + p.name());
            p.load(t.shape(), t.f32());
        }
        LearningRule rule = LearningRules.create(c.requireMeta(src, "mode"));
        rule.initialise(net, new Rng(2));
        // Every matrix the rule uses comes from the file. FA files also hold the reference's feedback.0, which the
        // reference draws for the first layer and never uses (docs/semantics.md); drtp has no such matrix.
        for (FeedbackMatrix f : rule.feedbackMatrices()) {
            SafeTensors.Tensor t = c.require(src, "init." + f.name());
            rule.loadFeedback(f.name(), t.shape(), t.f32());
        }
        // The optimizer as the reference's --optimizer spells it (its SGD is SGD with momentum 0.9).
        Optimizer optimizer = Optimizers.create(c.requireMeta(src, "optimizer"), Double.parseDouble(c.requireMeta(src, "lr")));
        optimizer.init(net.parameters());
        Loss loss = Loss.fromId(c.requireMeta(src, "loss"));
        TrainingStep step = new TrainingStep(net, rule, optimizer, loss, batch, new Rng(3), false);

        float[] input = c.require(src, "input").f32();
        int[] labels = c.require(src, "labels").i32();
        int width = channels * size * size;
        double[] losses = parseList(c.requireMeta(src, "losses"));
        double worst = 0;
        for (int s = 1; s <= steps; s++) {
            // Batches in order, no shuffling (the file's "note"): step s takes examples [(s-1)*batch, s*batch).
            int from = (s - 1) * batch;
            float[] x = new float[batch * width];
            System.arraycopy(input, from * width, x, 0, x.length);
            int[] y = new int[batch];
            float[] targets = new float[batch * classes];
            for (int i = 0; i < batch; i++) {
                y[i] = labels[from + i];
                targets[i * classes + y[i]] = 1f;
            }
            double value = step.run(x, targets, y, batch);
            if (!(Math.abs(value - losses[s - 1]) <= TOLERANCE)) {
                throw new AssertionError(src + ": loss of step " + s + " is " + value + ", the reference's " + losses[s - 1]);
            }
            for (Parameter p : net.parameters()) {
                float[] expected = c.require(src, "step" + s + "." + p.name()).f32();
                double d = maxAbsDifference(expected, p.value());
                worst = Math.max(worst, d);
                if (!(d <= TOLERANCE)) {
                    throw new AssertionError(src + ": " + p.name() + " after step " + s + " differs from the reference by " + d);
                }
            }
        }
        return worst;
    }

    /** One line per case: the figure docs/semantics.md reports per case and kernel. */
    static String report(Path file, double worst) {
        return String.format(Locale.ROOT, "golden %-50s kernels=%s max|diff|=%.2e", file.getFileName(),
                Kernels.description(), worst);
    }

    /** Checks every case in the directory {@code args[0]}; prints one report line each, "done" at the end. */
    public static void main(String[] args) throws IOException {
        for (Path f : files(Path.of(args[0]))) {
            System.out.println(report(f, check(f)));
        }
        System.out.println("done");
    }

    private static double maxAbsDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("reference holds " + expected.length + " values, drtp " + actual.length);
        }
        double d = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs((double) expected[i] - actual[i]);
            d = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(d, e);
        }
        return d;
    }

    private static double[] parseList(String s) {
        String body = s.strip();
        return Stream.of(body.substring(1, body.length() - 1).split(",")).mapToDouble(v -> Double.parseDouble(v.strip()))
                .toArray();
    }
}
