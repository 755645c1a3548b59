package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drtp.loss.Loss;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackAlignment;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Shape;
import org.drtp.testing.TestNets;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer kind with no parameters, added without touching {@link Network}: the test-only {@link MaxPool}
 * ({@code POOL}) between a convolution and the fully-connected layers. Backpropagation's gradients through it are
 * the loss's (finite differences), feedback alignment and the direct rules skip it, and model state holds no
 * tensor for it.
 */
class ParameterFreeLayerTest {

    private static final List<LayerKind> KINDS = TestLayerKinds.withKind(MaxPool.KIND);
    private static final String TOPOLOGY = "CONV_3_3_1_1_POOL_FC_6_FC_3";
    private static final Shape INPUT = new Shape(2, 8, 8);

    private static Network net(long seed) {
        return Network.build(Topology.parse(TOPOLOGY, KINDS), INPUT, NetworkOptions.defaults(), new Rng(seed));
    }

    private static TestNets.Batch batch(long seed) {
        return TestNets.batch(4, INPUT.size(), 3, seed);
    }

    @Test
    void parsesBuildsAndHasNoParameters() {
        Topology t = Topology.parse("conv_3_3_1_1_pool_fc_6_fc_3", KINDS);
        assertEquals(TOPOLOGY, t.toString());
        Network net = Network.build(t, INPUT, NetworkOptions.defaults(), new Rng(1));
        assertEquals(new Shape(3, 2, 2), net.layer(1).outputShape());
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.3.weight",
                "layers.3.bias"), net.parameters().stream().map(Parameter::name).toList());
        assertEquals(net.parameters().stream().mapToLong(Parameter::size).sum(), Network.parameterCount(t, INPUT));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Topology.parse("CONV_3_3_1_1_POOL_2_FC_3", KINDS))
                .getMessage().contains("POOL takes no numbers, e.g. POOL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Topology.parse("FC_6_POOL_FC_3", KINDS))
                .getMessage().contains("POOL needs an image input"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Topology.parse("CONV_3_3_1_1_POOL", KINDS))
                .getMessage().contains("the last layer must be FC"));
    }

    @Test
    void backpropGradientsThroughItMatchCentralFiniteDifferences() {
        Network net = net(3);
        TestNets.Batch b = batch(4);
        Map<Parameter, float[]> bp = gradients(net, LearningRules.create("bp"), b);
        double errNorm = 0, gradNorm = 0;
        float h = 1e-3f;
        for (Parameter p : net.parameters()) {
            float[] w = p.value();
            float[] g = bp.get(p);
            for (int i = 0; i < w.length; i++) {
                float saved = w[i];
                w[i] = saved + h;
                double up = TestNets.loss(net, Loss.BCE, b);
                w[i] = saved - h;
                double down = TestNets.loss(net, Loss.BCE, b);
                w[i] = saved;
                double fd = (up - down) / (2 * h);
                errNorm += (fd - g[i]) * (fd - g[i]);
                gradNorm += fd * fd;
            }
        }
        assertTrue(gradNorm > 0, "finite differences must see a gradient");
        assertTrue(Math.sqrt(errNorm / gradNorm) < 5e-3, "relative error " + Math.sqrt(errNorm / gradNorm));
    }

    @Test
    void feedbackAlignmentPassesThroughItWithoutAMatrix() {
        Network net = net(5);
        TestNets.Batch b = batch(6);
        Map<Parameter, float[]> bp = gradients(net, LearningRules.create("bp"), b);
        FeedbackAlignment fa = new FeedbackAlignment();
        fa.initialise(net, new Rng(3));
        assertEquals(List.of("feedback.2", "feedback.3"), fa.feedbackMatrices().stream().map(FeedbackMatrix::name).toList());
        for (FeedbackMatrix m : fa.feedbackMatrices()) {
            fa.setMatrix(m.layer(), net.layer(m.layer()).weight().value());
        }
        Map<Parameter, float[]> faGrads = gradients(net, fa, b);
        for (Parameter p : net.parameters()) {
            assertArrayEquals(bp.get(p), faGrads.get(p), 0f, p.name());
        }
    }

    @Test
    void directRulesDrawNoFeedbackForItAndEveryRuleTrainsAroundIt() {
        TestNets.Batch b = batch(7);
        for (String id : LearningRules.IDS) {
            Network net = net(8);
            LearningRule rule = LearningRules.create(id);
            rule.initialise(net, new Rng(9));
            long values = rule.feedbackMatrices().stream().mapToLong(m -> m.values().length).sum();
            assertEquals(values, rule.feedbackSize(net), id);
            if (List.of("dfa", "sdfa", "drtp").contains(id)) {
                assertEquals(List.of("feedback.0", "feedback.2"),
                        rule.feedbackMatrices().stream().map(FeedbackMatrix::name).toList(), id);
            }
            float[] conv = net.layer(0).weight().value().clone();
            double before = TestNets.loss(net, Loss.BCE, b);
            Adam adam = new Adam(1e-2);
            adam.init(net.parameters());
            TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, b.n(), new Rng(10), false);
            for (int i = 0; i < 30; i++) {
                step.run(b.x(), b.targets(), b.labels(), b.n());
            }
            assertEquals(!id.equals("shallow"), !java.util.Arrays.equals(conv, net.layer(0).weight().value()), id + ": conv learns");
            assertTrue(TestNets.loss(net, Loss.BCE, b) < before, id + ": loss did not decrease");
        }
    }

    @Test
    void modelStateHoldsNoTensorForItAndRestoresTraining(@TempDir Path dir) throws Exception {
        Set<String> names = TestLayerKinds.checkStateRestoresTraining(ParameterFreeLayerTest::net, "dfa", batch(11), dir);
        assertTrue(names.contains("layers.2.weight") && names.contains("feedback.2"), names.toString());
        assertFalse(names.stream().anyMatch(name -> name.contains("layers.1.")), names.toString());
        assertFalse(names.contains("feedback.1"), names.toString());
    }

    private static Map<Parameter, float[]> gradients(Network net, LearningRule rule, TestNets.Batch b) {
        if (rule.feedbackMatrices().isEmpty()) {
            rule.initialise(net, new Rng(1));
        }
        TestNets.Capture capture = new TestNets.Capture();
        capture.init(net.parameters());
        new TrainingStep(net, rule, capture, Loss.BCE, b.n(), new Rng(2), false).run(b.x(), b.targets(), b.labels(), b.n());
        return capture.grads;
    }
}
