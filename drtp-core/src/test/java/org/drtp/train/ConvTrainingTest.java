package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.ConvLayer;
import org.drtp.nn.Inference;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackAlignment;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Every learning rule on networks with convolutional layers ({@code docs/semantics.md}, conv rows). */
class ConvTrainingTest {

    /** Two conv blocks (the second with stride 2 and odd maps), then FC: exercises conv input gradients. */
    private static final String TWO_CONV = "CONV_3_3_1_1_CONV_4_3_2_1_FC_5_FC_3";
    private static final Shape TWO_CONV_INPUT = new Shape(2, 9, 9);
    private static final String TINY = "CONV_4_3_1_1_FC_8_FC_3";
    private static final Shape TINY_INPUT = new Shape(1, 8, 8);

    /** Records each parameter's gradient instead of updating it. */
    private static final class GradientRecorder implements Optimizer {
        final Map<String, float[]> grads = new HashMap<>();

        @Override
        public String id() {
            return "recorder";
        }

        @Override
        public double learningRate() {
            return 0;
        }

        @Override
        public void init(List<Parameter> parameters) {
        }

        @Override
        public void step(Parameter p) {
            grads.put(p.name(), p.grad().clone());
        }

        @Override
        public void reset() {
        }

        @Override
        public Map<String, float[]> state() {
            return Map.of();
        }
    }

    private record Batch(float[] x, float[] t, int[] labels, int n) {
        static Batch random(Shape shape, int classes, int n, long seed) {
            Rng rng = new Rng(seed);
            float[] x = new float[n * shape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat();
            }
            int[] labels = new int[n];
            float[] t = new float[n * classes];
            for (int i = 0; i < n; i++) {
                labels[i] = i % classes;
                t[i * classes + labels[i]] = 1f;
            }
            return new Batch(x, t, labels, n);
        }
    }

    private static Network network(String topology, Shape input, NetworkOptions options) {
        return Network.build(topology, input, options, new Rng(11));
    }

    private static Map<String, float[]> gradients(Network net, LearningRule rule, Batch b, boolean initialise) {
        if (initialise) {
            rule.initialise(net, new Rng(5));
        }
        GradientRecorder rec = new GradientRecorder();
        new TrainingStep(net, rule, rec, Loss.BCE, b.n(), new Rng(3), false).run(b.x(), b.t(), b.labels(), b.n());
        return rec.grads;
    }

    private static double loss(Network net, Batch b) {
        float[] y = new Inference(net, b.n()).run(b.x(), b.n());
        return Loss.BCE.mean(y, b.t(), b.n(), net.outputSize());
    }

    @Test
    void backpropGradientsOfConvNetworksMatchCentralFiniteDifferences() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            NetworkOptions options = NetworkOptions.defaults().withConvActivation(act).withHiddenActivation(act);
            Network net = network(TWO_CONV, TWO_CONV_INPUT, options);
            Batch b = Batch.random(TWO_CONV_INPUT, 3, 3, 21);
            Map<String, float[]> bp = gradients(net, LearningRules.create("bp"), b, true);
            double errNorm = 0, gradNorm = 0;
            float h = 1e-3f;
            for (Parameter p : net.parameters()) {
                float[] w = p.value();
                float[] g = bp.get(p.name());
                for (int i = 0; i < w.length; i++) {
                    float saved = w[i];
                    w[i] = saved + h;
                    double up = loss(net, b);
                    w[i] = saved - h;
                    double down = loss(net, b);
                    w[i] = saved;
                    double fd = (up - down) / (2 * h);
                    // float forward passes: the difference quotient carries ~5e-5 of rounding noise at h = 1e-3
                    assertEquals(fd, g[i], 1e-4 + 1e-2 * Math.abs(fd), act + " " + p.name() + "[" + i + "]");
                    errNorm += (fd - g[i]) * (fd - g[i]);
                    gradNorm += fd * fd;
                }
            }
            assertTrue(Math.sqrt(errNorm / gradNorm) < 5e-3, act + ": relative error " + Math.sqrt(errNorm / gradNorm));
        }
    }

    @Test
    void feedbackAlignmentWithTheForwardKernelsAsFeedbackIsBackprop() {
        Network net = network(TWO_CONV, TWO_CONV_INPUT, NetworkOptions.defaults());
        Batch b = Batch.random(TWO_CONV_INPUT, 3, 4, 22);
        Map<String, float[]> bp = gradients(net, LearningRules.create("bp"), b, true);
        FeedbackAlignment fa = new FeedbackAlignment();
        fa.initialise(net, new Rng(3));
        for (int k = 1; k < net.depth(); k++) {
            fa.setMatrix(k, net.layer(k).weight().value());
        }
        Map<String, float[]> faGrads = gradients(net, fa, b, false);
        for (Parameter p : net.parameters()) {
            assertArrayEquals(bp.get(p.name()), faGrads.get(p.name()), 0f, p.name());
        }
        // and its real feedback kernel for the second conv has the conv weight's shape
        fa.initialise(net, new Rng(3));
        assertArrayEquals(new int[] {4, 3, 3, 3}, fa.feedbackMatrices().get(0).shape());
    }

    @Test
    void directProjectionFeedbackForAConvLayerHasTheShapeOfItsPrePoolingMap() {
        Network net = network(TWO_CONV, TWO_CONV_INPUT, NetworkOptions.defaults());
        for (String id : List.of("dfa", "sdfa", "drtp")) {
            LearningRule rule = LearningRules.create(id);
            rule.initialise(net, new Rng(1));
            List<FeedbackMatrix> m = rule.feedbackMatrices();
            assertArrayEquals(new int[] {3, 3, 9, 9}, m.get(0).shape(), id);
            assertArrayEquals(new int[] {3, 4, 2, 2}, m.get(1).shape(), id);
            assertArrayEquals(new int[] {3, 5}, m.get(2).shape(), id);
            float bound = (float) Math.sqrt(6.0 / (3 * 9 * 9));
            for (float v : m.get(0).values()) {
                assertTrue(Math.abs(v) <= bound, id);
            }
        }
    }

    @Test
    void everyRuleTrainsATinyConvNetworkWithFiniteChangingWeights() {
        Batch b = Batch.random(TINY_INPUT, 3, 6, 23);
        for (String id : LearningRules.IDS) {
            Network net = network(TINY, TINY_INPUT, NetworkOptions.defaults());
            Map<String, float[]> before = snapshot(net);
            double lossBefore = loss(net, b);
            train(net, id, b, 40, false);
            for (Parameter p : net.parameters()) {
                for (float v : p.value()) {
                    assertTrue(Float.isFinite(v), id + " " + p.name());
                }
            }
            boolean hiddenLearns = !id.equals("shallow");
            assertEquals(hiddenLearns, changed(before, net.layer(0)), id + ": conv weights");
            assertTrue(changed(before, net.outputLayer()), id + ": output weights");
            assertTrue(loss(net, b) < lossBefore, id + ": loss did not decrease");
        }
    }

    @Test
    void frozenConvLayersNeverMoveWhileFcLayersLearnUnderEveryRule() {
        Batch b = Batch.random(TWO_CONV_INPUT, 3, 4, 24);
        for (String id : LearningRules.IDS) {
            Network net = network(TWO_CONV, TWO_CONV_INPUT, NetworkOptions.defaults());
            net.setConvLayersFrozen(true);
            Map<String, float[]> before = snapshot(net);
            train(net, id, b, 5, false);
            assertFalse(changed(before, net.layer(0)), id);
            assertFalse(changed(before, net.layer(1)), id);
            assertTrue(changed(before, net.outputLayer()), id);
            assertEquals(!id.equals("shallow"), changed(before, net.layer(2)), id + ": hidden FC layer");
        }
    }

    @Test
    void runConfigFreezesOnlyTheConvLayersWhenAsked() {
        RunConfig c = new RunConfig(org.drtp.nn.Topology.parse(TINY), "drtp", "adam", 1e-3, Loss.BCE, 1, 4, 1, 1,
                NetworkOptions.defaults(), true);
        org.drtp.data.Dataset d = org.drtp.data.Dataset.classification("d", TINY_INPUT, new float[2 * 64], new int[] {0, 1}, 3);
        Network net = c.buildNetwork(new org.drtp.data.TrainTest(d, d), 0);
        assertTrue(net.layer(0) instanceof ConvLayer && net.layer(0).isFrozen());
        assertFalse(net.layer(1).isFrozen());
    }

    @Test
    void updateUnlockedDrtpOnConvNetworksGivesTheSameWeightsAsTheLockedComputation() {
        NetworkOptions options = NetworkOptions.defaults().withDropout(0.1f);
        Batch b = Batch.random(TWO_CONV_INPUT, 3, 5, 25);
        Network unlocked = network(TWO_CONV, TWO_CONV_INPUT, options);
        Network locked = network(TWO_CONV, TWO_CONV_INPUT, options);
        trainWith(unlocked, b, false);
        trainWith(locked, b, true);
        for (int i = 0; i < unlocked.parameters().size(); i++) {
            assertArrayEquals(locked.parameters().get(i).value(), unlocked.parameters().get(i).value(),
                    locked.parameters().get(i).name());
        }
    }

    private static void trainWith(Network net, Batch b, boolean forceLocked) {
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(9));
        Adam adam = new Adam(1e-3);
        adam.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, b.n(), new Rng(10), forceLocked);
        assertEquals(!forceLocked, step.isUnlocked());
        for (int i = 0; i < 3; i++) {
            step.run(b.x(), b.t(), b.labels(), b.n());
        }
    }

    private static void train(Network net, String id, Batch b, int steps, boolean forceLocked) {
        LearningRule rule = LearningRules.create(id);
        rule.initialise(net, new Rng(9));
        Adam adam = new Adam(1e-2);
        adam.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, b.n(), new Rng(3), forceLocked);
        for (int i = 0; i < steps; i++) {
            step.run(b.x(), b.t(), b.labels(), b.n());
        }
    }

    private static Map<String, float[]> snapshot(Network net) {
        Map<String, float[]> m = new HashMap<>();
        for (Parameter p : net.parameters()) {
            m.put(p.name(), p.value().clone());
        }
        return m;
    }

    private static boolean changed(Map<String, float[]> before, Layer layer) {
        for (Parameter p : layer.parameters()) {
            if (!Arrays.equals(before.get(p.name()), p.value())) {
                return true;
            }
        }
        return false;
    }
}
