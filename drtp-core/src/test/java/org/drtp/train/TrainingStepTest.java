package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Activation;
import org.drtp.testing.TestNets;
import org.drtp.testing.TestNets.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingStepTest {

    private static final NetworkOptions DROPOUT = NetworkOptions.defaults().withDropout(0.2f);

    /** Trains {@code steps} batches with Adam and returns the final weights. */
    private static Map<String, float[]> train(String ruleId, boolean forceLocked, NetworkOptions opts, int steps) {
        Network net = TestNets.net("FC_16_FC_12_FC_10_FC_4", 9, opts, 31);
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(32));
        Adam adam = new Adam(1e-2);
        adam.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, 8, new Rng(33), forceLocked);
        assertEquals(!forceLocked && !rule.isUpdateLocked(), step.isUnlocked());
        for (int s = 0; s < steps; s++) {
            Batch b = TestNets.batch(s % 3 == 2 ? 5 : 8, 9, 4, 100 + s);
            step.run(b.x(), b.targets(), b.labels(), b.n());
        }
        return TestNets.snapshot(net);
    }

    @ParameterizedTest
    @ValueSource(strings = {"drtp", "shallow"})
    void updateUnlockedTrainingGivesTheSameWeightsAsTheLockedComputation(String rule) {
        Map<String, float[]> unlocked = train(rule, false, DROPOUT, 12);
        Map<String, float[]> locked = train(rule, true, DROPOUT, 12);
        for (String name : locked.keySet()) {
            assertArrayEquals(locked.get(name), unlocked.get(name), name + " must match bit for bit");
        }
    }

    @Test
    void plainSgdAppliedStraightIntoTheWeightsMatchesTheTwoPassUpdate() {
        Map<String, float[]> results[] = new Map[2];
        for (int locked = 0; locked < 2; locked++) {
            Network net = TestNets.net("FC_16_FC_12_FC_4", 9, DROPOUT, 31);
            LearningRule rule = LearningRules.create("drtp");
            rule.initialise(net, new Rng(32));
            org.drtp.optim.Sgd sgd = new org.drtp.optim.Sgd(0.05, 0, false);
            sgd.init(net.parameters());
            TrainingStep step = new TrainingStep(net, rule, sgd, Loss.BCE, 8, new Rng(33), locked == 1);
            for (int s = 0; s < 20; s++) {
                Batch b = TestNets.batch(8, 9, 4, 200 + s);
                step.run(b.x(), b.targets(), b.labels(), b.n());
            }
            results[locked] = TestNets.snapshot(net);
        }
        for (String name : results[0].keySet()) {
            float[] fused = results[0].get(name);
            float[] twoPass = results[1].get(name);
            for (int i = 0; i < fused.length; i++) {
                assertEquals(twoPass[i], fused[i], 1e-5f + 1e-5f * Math.abs(twoPass[i]), name + "[" + i + "]");
            }
        }
    }

    /**
     * Online DRTP with plain SGD fuses each hidden layer's forward pass and update (one sweep over the weights,
     * docs/performance.md); a signal observer turns the fusion off. Both must give the same bits, over many layers
     * and examples (the batch is 1, so every step takes the fused path).
     */
    @Test
    void fusedOnlineDrtpStepGivesTheSameWeightsAsTheUnfusedOne() {
        assertTrue(org.drtp.tensor.Kernels.gemm() instanceof org.drtp.tensor.FusedDenseStep,
                "tests run with the vector kernels, which offer the fused step");
        Map<String, float[]>[] results = new Map[2];
        float[][][] outputs = new float[2][30][];
        for (int variant = 0; variant < 2; variant++) {
            Network net = TestNets.net("FC_40_FC_33_FC_4", 9, NetworkOptions.defaults(), 31);
            LearningRule rule = LearningRules.create("drtp");
            rule.initialise(net, new Rng(32));
            org.drtp.optim.Sgd sgd = new org.drtp.optim.Sgd(0.05, 0, false);
            sgd.init(net.parameters());
            TrainingStep step = new TrainingStep(net, rule, sgd, Loss.BCE, 1, new Rng(33), false);
            int[] observed = new int[1];
            if (variant == 1) {
                step.setSignalObserver((k, dz, n, width) -> observed[0]++);
            }
            for (int s = 0; s < 30; s++) {
                Batch b = TestNets.batch(1, 9, 4, 300 + s);
                step.run(b.x(), b.targets(), b.labels(), b.n());
                outputs[variant][s] = step.lastOutput().clone();
            }
            assertEquals(variant == 1 ? 60 : 0, observed[0], "the observer sees every unfused hidden signal");
            results[variant] = TestNets.snapshot(net);
        }
        for (int s = 0; s < 30; s++) {
            assertArrayEquals(outputs[1][s], outputs[0][s], "network output of example " + s + " must match bit for bit");
        }
        for (String name : results[0].keySet()) {
            assertArrayEquals(results[1].get(name), results[0].get(name), name + " must match bit for bit");
        }
    }

    @Test
    void shallowLearningNeverMovesHiddenWeights() {
        Map<String, float[]> initial = TestNets.snapshot(TestNets.net("FC_16_FC_12_FC_10_FC_4", 9, DROPOUT, 31));
        Map<String, float[]> after = train("shallow", false, DROPOUT, 10);
        for (String name : initial.keySet()) {
            boolean output = name.startsWith("layers.3.");
            assertEquals(!output, Arrays.equals(initial.get(name), after.get(name)),
                    name + (output ? " (output layer) must learn" : " (hidden) must stay at its random value"));
        }
    }

    @Test
    void drtpHiddenGradientsDoNotDependOnTheOutputLayer() {
        Batch b = TestNets.batch(6, 9, 4, 7);
        float[][] firstLayerGrads = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            Network net = TestNets.net("FC_16_FC_12_FC_4", 9, NetworkOptions.defaults(), 31);
            if (variant == 1) {
                Arrays.fill(net.outputLayer().weight().value(), 0.37f); // a different output, same hidden path
            }
            LearningRule rule = LearningRules.create("drtp");
            rule.initialise(net, new Rng(32));
            TestNets.Capture c = new TestNets.Capture();
            c.init(net.parameters());
            new TrainingStep(net, rule, c, Loss.BCE, 6, new Rng(3), false).run(b.x(), b.targets(), b.labels(), 6);
            firstLayerGrads[variant] = c.grad(net.layer(1).weight());
        }
        assertArrayEquals(firstLayerGrads[0], firstLayerGrads[1]);
    }

    /**
     * The whole hidden-layer update of DFA (CE loss on linear outputs: error = softmax(y) - y*) and DRTP, against
     * {@code dW_k = ((v B_k) * f'(z_k))^T y_{k-1}} computed here with plain loops from an inference pass.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dfa", "drtp", "sdfa"})
    void hiddenWeightGradientMatchesTheFormulaOfTheRule(String ruleId) {
        NetworkOptions opts = NetworkOptions.defaults().withOutputActivation(Activation.NONE);
        Network net = TestNets.net("FC_6_FC_5_FC_3", 4, opts, 41);
        Batch b = TestNets.batch(5, 4, 3, 42);
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(43));
        TestNets.Capture c = new TestNets.Capture();
        c.init(net.parameters());
        new TrainingStep(net, rule, c, Loss.CE, 5, new Rng(3), false).run(b.x(), b.targets(), b.labels(), 5);

        double[][] h0 = dense(b.x(), 5, net.layer(0));
        double[][] h1 = dense(flat(h0), 5, net.layer(1));
        double[][] y = dense(flat(h1), 5, net.layer(2));
        double[][] v = new double[5][3];
        for (int i = 0; i < 5; i++) {
            double max = Arrays.stream(y[i]).max().orElseThrow();
            double z = Arrays.stream(y[i]).map(q -> Math.exp(q - max)).sum();
            for (int j = 0; j < 3; j++) {
                double err = Math.exp(y[i][j] - max) / z - b.targets()[i * 3 + j];
                v[i][j] = switch (ruleId) {
                    case "dfa" -> err;
                    case "sdfa" -> Math.signum(err);
                    default -> b.targets()[i * 3 + j];
                };
            }
        }
        FeedbackMatrix bMatrix = rule.feedbackMatrices().get(1);
        int units = 5, in = 6;
        float[] expected = new float[units * in];
        for (int i = 0; i < 5; i++) {
            for (int u = 0; u < units; u++) {
                double dy = 0;
                for (int q = 0; q < 3; q++) {
                    dy += v[i][q] * bMatrix.values()[q * units + u];
                }
                double dz = dy * (1 - h1[i][u] * h1[i][u]);
                for (int j = 0; j < in; j++) {
                    expected[u * in + j] += (float) (dz * h0[i][j]);
                }
            }
        }
        float[] actual = c.grad(net.layer(1).weight());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5, "dW[" + i + "]");
        }
    }

    private static double[][] dense(float[] x, int n, Layer layer) {
        Parameter w = layer.weight();
        int out = w.shape()[0], in = w.shape()[1];
        double[][] y = new double[n][out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = layer.parameters().get(1).value()[o]; // the bias
                for (int j = 0; j < in; j++) {
                    s += (double) x[i * in + j] * w.value()[o * in + j];
                }
                y[i][o] = switch (layer.activation()) {
                    case TANH -> Math.tanh(s);
                    case SIGMOID -> 1 / (1 + Math.exp(-s));
                    case RELU -> Math.max(0, s);
                    case NONE -> s;
                };
            }
        }
        return y;
    }

    private static float[] flat(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return f;
    }

    @Test
    void drtpRetainedActivationMemoryDoesNotGrowWithDepthButBpDoes() {
        long[] drtp = new long[3];
        long[] bp = new long[3];
        int[] depths = {2, 5, 10};
        for (int d = 0; d < depths.length; d++) {
            String topo = "FC_100_".repeat(depths[d]) + "FC_10";
            Network net = TestNets.net(topo, 100, DROPOUT, 1);
            drtp[d] = new TrainingStep(net, LearningRules.create("drtp"), new Adam(1e-3), Loss.BCE, 60, new Rng(1), false)
                    .retainedActivationBytes();
            bp[d] = new TrainingStep(net, LearningRules.create("bp"), new Adam(1e-3), Loss.BCE, 60, new Rng(1), false)
                    .retainedActivationBytes();
        }
        assertEquals(drtp[0], drtp[1]);
        assertEquals(drtp[0], drtp[2]);
        // Two layer outputs plus one layer's dropout mask and dropped input: 4 x 60 x 100 floats.
        assertEquals(4L * 4 * 60 * 100, drtp[2]);
        assertTrue(bp[1] > bp[0] && bp[2] > bp[1], "BP keeps every layer: " + Arrays.toString(bp));
        assertEquals(bp[2] - bp[1], (bp[1] - bp[0]) * 5 / 3, "BP grows linearly with depth");
        assertFalse(drtp[2] * 3 > bp[2], "at depth 10 DRTP must need far less than BP");
    }
    /**
     * The optimizer step fused into the weight-gradient product (rows stepped as the product finishes them) gives
     * the same bits as the gradient first and the step after, for every rule and stateful optimizer, on layers big
     * enough for the blocked product's hand-over from the parts (130 inputs, 200 and 150 units, batches of 20: tile
     * row by tile row in the second layer, by row blocks in the first).
     */
    @ParameterizedTest
    @ValueSource(strings = {"bp", "fa", "dfa", "sdfa", "drtp", "shallow"})
    void theOptimizerStepFusedIntoTheGradientProductChangesNoBit(String ruleId) {
        for (String optimizer : new String[] {"adam", "momentum", "rmsprop"}) {
            Map<String, float[]> fused = trainWide(ruleId, org.drtp.optim.Optimizers.create(optimizer, 1e-3));
            Map<String, float[]> twoPass = trainWide(ruleId, new Unfused(org.drtp.optim.Optimizers.create(optimizer, 1e-3)));
            for (String name : fused.keySet()) {
                assertArrayEquals(twoPass.get(name), fused.get(name), ruleId + " " + optimizer + " " + name);
            }
        }
    }

    private static Map<String, float[]> trainWide(String ruleId, org.drtp.optim.Optimizer optimizer) {
        Network net = TestNets.net("FC_200_FC_150_FC_4", 130, NetworkOptions.defaults(), 41);
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(42));
        optimizer.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, optimizer, Loss.BCE, 20, new Rng(43), false);
        for (int s = 0; s < 6; s++) {
            Batch b = TestNets.batch(20, 130, 4, 300 + s);
            step.run(b.x(), b.targets(), b.labels(), b.n());
        }
        return TestNets.snapshot(net);
    }

    /** An optimizer that declines to step by rows, so that the training step computes gradients, then steps. */
    private record Unfused(org.drtp.optim.Optimizer inner) implements org.drtp.optim.Optimizer {
        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public double learningRate() {
            return inner.learningRate();
        }

        @Override
        public void init(java.util.List<Parameter> parameters) {
            inner.init(parameters);
        }

        @Override
        public void step(Parameter p) {
            inner.step(p);
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public Map<String, float[]> state() {
            return inner.state();
        }
    }
}
