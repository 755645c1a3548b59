package org.drtp.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.drtp.loss.Loss;
import org.drtp.nn.Initializers;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.random.Rng;
import org.drtp.testing.TestNets;
import org.drtp.testing.TestNets.Batch;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.api.Test;

class FeedbackAlignmentTest {

    private static TestNets.Capture gradients(Network net, LearningRule rule, Batch b) {
        TestNets.Capture c = new TestNets.Capture();
        c.init(net.parameters());
        new TrainingStep(net, rule, c, Loss.BCE, b.n(), new Rng(3), false).run(b.x(), b.targets(), b.labels(), b.n());
        return c;
    }

    @Test
    void withFeedbackEqualToTheForwardWeightsItIsBackpropagation() {
        Network net = TestNets.net("FC_8_FC_7_FC_6_FC_4", 5, NetworkOptions.defaults(), 21);
        Batch b = TestNets.batch(3, 5, 4, 22);
        FeedbackAlignment fa = new FeedbackAlignment();
        fa.initialise(net, new Rng(9));
        for (int k = 1; k < net.depth(); k++) {
            fa.setMatrix(k, net.layer(k).weight().value());
        }
        LearningRule bp = new Backpropagation();
        bp.initialise(net, new Rng(9));
        TestNets.Capture withFa = gradients(net, fa, b);
        TestNets.Capture withBp = gradients(net, bp, b);
        for (Parameter p : net.parameters()) {
            assertArrayEquals(withBp.grad(p), withFa.grad(p), p.name());
        }
    }

    @Test
    void withRandomFeedbackOnlyTheOutputLayerGradientIsTrue() {
        Network net = TestNets.net("FC_8_FC_7_FC_4", 5, NetworkOptions.defaults(), 21);
        Batch b = TestNets.batch(3, 5, 4, 22);
        LearningRule fa = new FeedbackAlignment();
        fa.initialise(net, new Rng(9));
        LearningRule bp = new Backpropagation();
        bp.initialise(net, new Rng(9));
        TestNets.Capture withFa = gradients(net, fa, b);
        TestNets.Capture withBp = gradients(net, bp, b);
        Parameter outW = net.outputLayer().weight();
        assertArrayEquals(withBp.grad(outW), withFa.grad(outW));
        Parameter firstW = net.layer(0).weight();
        assertFalse(Arrays.equals(withBp.grad(firstW), withFa.grad(firstW)));
    }

    @Test
    void feedbackMatricesHaveTheForwardWeightShapesAndKaimingBounds() {
        Network net = TestNets.net("FC_8_FC_7_FC_4", 5, NetworkOptions.defaults(), 21);
        FeedbackAlignment fa = new FeedbackAlignment();
        fa.initialise(net, new Rng(9));
        assertEquals(2, fa.feedbackMatrices().size(), "layers 1 and 2; the first layer sends nothing back");
        for (FeedbackMatrix m : fa.feedbackMatrices()) {
            assertArrayEquals(net.layer(m.layer()).weight().shape(), m.shape());
            double bound = Math.sqrt(6.0 / Initializers.fanIn(m.shape()));
            for (float v : m.values()) {
                assertTrue(Math.abs(v) <= bound, "kaiming-uniform bound " + bound + ", got " + v);
            }
        }
    }
}
