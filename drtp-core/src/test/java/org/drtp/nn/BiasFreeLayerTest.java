package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.drtp.loss.Loss;
import org.drtp.optim.Optimizer;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Shape;
import org.drtp.testing.TestNets;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A layer kind added without touching {@link Network}, the rules, the optimizers or the model state: the test-only
 * bias-free {@link BiasFreeFc} ({@code LIN_units}) goes through topology parsing, network building, training under
 * every schedule and the tensor file of model files and checkpoints.
 */
class BiasFreeLayerTest {

    private static final Shape INPUT = Shape.vector(6);
    private static final String TOPOLOGY = "FC_12_LIN_8_FC_4";

    private static Network biasFree(long seed) {
        return Network.build(Topology.parse(TOPOLOGY, BiasFreeFc.KINDS), INPUT, NetworkOptions.defaults(), new Rng(seed));
    }

    @Test
    void parsesBuildsAndCountsItsOneParameter() {
        Topology t = Topology.parse("fc_12_lin_8_fc_4", BiasFreeFc.KINDS);
        assertEquals(TOPOLOGY, t.toString());
        Network net = Network.build(t, INPUT, NetworkOptions.defaults(), new Rng(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.2.weight", "layers.2.bias"),
                net.parameters().stream().map(Parameter::name).toList());
        assertEquals(net.parameters().stream().mapToLong(Parameter::size).sum(), Network.parameterCount(t, INPUT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.parse(TOPOLOGY));
        assertTrue(e.getMessage().contains("unknown layer type 'LIN', expected FC or CONV"), e.getMessage());
    }

    /**
     * Oracle: a standard network whose middle layer's bias is zero and frozen computes what the bias-free one does;
     * trained side by side from the same weights and feedback, both end with the same weights (up to the rounding
     * of the tuned kernels against the plain loops).
     */
    @ParameterizedTest
    @ValueSource(strings = {"bp", "fa", "dfa", "drtp", "shallow"})
    void trainsLikeAFullyConnectedLayerWithAFrozenZeroBias(String ruleId) {
        Network lin = biasFree(1);
        Network fc = Network.build(Topology.parse("FC_12_FC_8_FC_4"), INPUT, NetworkOptions.defaults(), new Rng(2));
        for (Parameter p : lin.parameters()) {
            fc.parameter(p.name()).load(p.shape(), p.value());
        }
        Parameter bias = fc.parameter("layers.1.bias");
        bias.load(bias.shape(), new float[bias.size()]);
        bias.setFrozen(true);
        TestNets.Batch b = TestNets.batch(5, 6, 4, 3);
        for (int step = 0; step < 3; step++) {
            train(lin, ruleId, new Sgd(0.5, 0, false), b, step);
            train(fc, ruleId, new Sgd(0.5, 0, false), b, step);
        }
        for (Parameter p : lin.parameters()) {
            float[] want = fc.parameter(p.name()).value();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], p.value()[i], 1e-5, ruleId + " " + p.name() + "[" + i + "]");
            }
        }
        assertArrayEquals(new float[bias.size()], bias.value(), "the frozen bias stays zero");
        if (!ruleId.equals("shallow")) {
            assertFalse(java.util.Arrays.equals(TestNets.snapshot(biasFree(1)).get("layers.1.weight"),
                    lin.parameter("layers.1.weight").value()), ruleId + " trained the bias-free layer");
        }
    }

    /** One step from rule and feedback drawn from the same seed for both networks. */
    private static void train(Network net, String ruleId, Optimizer optimizer, TestNets.Batch b, int step) {
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(7));
        optimizer.init(net.parameters());
        new TrainingStep(net, rule, optimizer, Loss.BCE, b.n(), new Rng(8 + step), false).run(b.x(), b.targets(), b.labels(), b.n());
    }

    /**
     * Model files and checkpoints write whatever parameters a layer has: the bias-free layer's weight and its
     * optimizer moments are saved under their names, no bias is invented, and a restored network continues
     * exactly as the original.
     */
    @Test
    void checkpointsItsParametersAndOptimizerStateByName(@TempDir Path dir) throws Exception {
        Set<String> names = TestLayerKinds.checkStateRestoresTraining(BiasFreeLayerTest::biasFree, "drtp",
                TestNets.batch(5, 6, 4, 3), dir);
        assertTrue(names.contains("layers.1.weight"), names.toString());
        assertFalse(names.contains("layers.1.bias"), names.toString());
        assertTrue(names.contains("optimizer.layers.1.weight.exp_avg"), names.toString());
    }
}
