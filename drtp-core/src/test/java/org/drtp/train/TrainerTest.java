package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Dataset TRAIN = TestNets.argmaxDataset("train", 250, 6, 3, 1);
    private static final Dataset TEST = TestNets.argmaxDataset("test", 90, 6, 3, 2);
    private static final TrainTest DATA = new TrainTest(TRAIN, TEST);

    private static RunConfig config(String rule, long seed) {
        return new RunConfig(Topology.parse("FC_16_FC_3"), rule, "adam", 1e-2, Loss.BCE, 4, 32, 1, seed,
                NetworkOptions.defaults().withDropout(0.1f), false);
    }

    @Test
    void sameSeedGivesIdenticalRunsAndAnotherSeedDoesNot() {
        var a = config("dfa", 7).runTrial(DATA, 0, List.of());
        var b = config("dfa", 7).runTrial(DATA, 0, List.of());
        var c = config("dfa", 8).runTrial(DATA, 0, List.of());
        assertArrayEquals(a.network().layer(0).weight().value(), b.network().layer(0).weight().value());
        assertEquals(a.result().epochs().get(3).testLoss(), b.result().epochs().get(3).testLoss());
        assertFalse(Arrays.equals(a.network().layer(0).weight().value(), c.network().layer(0).weight().value()));
    }

    @Test
    void fitLeavesTheRuleItIsGivenUntouchedAndReturnsTheOneItTrained() {
        Network net = config("drtp", 7).buildNetwork(DATA, 0);
        LearningRule given = LearningRules.create("drtp");
        given.initialise(net, new Rng(99)); // a rule the caller already bound, with its own feedback
        List<FeedbackMatrix> before = given.feedbackMatrices();
        List<float[]> values = before.stream().map(f -> f.values().clone()).toList();
        TrainingResult r = Trainer.builder().epochs(1).batchSize(32).seed(7).build()
                .fit(net, given, Optimizers.create("adam", 1e-2), Loss.BCE, DATA, 0);
        List<FeedbackMatrix> after = given.feedbackMatrices();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertSame(before.get(i), after.get(i), "fit re-bound the rule it was given");
            assertArrayEquals(values.get(i), after.get(i).values(), "fit redrew the feedback of the rule it was given");
        }
        assertNotSame(given, r.rule());
        assertEquals("drtp", r.rule().id());
        assertFalse(Arrays.equals(values.get(0), r.rule().feedbackMatrices().get(0).values()),
                "the trained rule has the trial's own feedback");
    }

    @Test
    void trialsDrawDifferentWeightsFromTheSameSeed() {
        var t0 = config("drtp", 7).runTrial(DATA, 0, List.of());
        var t1 = config("drtp", 7).runTrial(DATA, 1, List.of());
        assertFalse(Arrays.equals(t0.network().layer(0).weight().value(), t1.network().layer(0).weight().value()));
    }

    @Test
    void everyExampleIsUsedOncePerEpochIncludingAShortLastBatch() {
        List<Integer> batches = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        var run = config("bp", 1).runTrial(DATA, 0, List.of(new TrainingListener() {
            @Override
            public void onBatchEnd(int trial, int epoch, int batch, int perEpoch, double loss) {
                batches.add(batch);
                assertEquals(8, perEpoch, "250 examples in batches of 32: 7 full and one of 26");
            }

            @Override
            public void onEpochEnd(EpochMetrics m) {
                epochs.add(m);
            }
        }));
        assertEquals(32, batches.size());
        assertEquals(4, epochs.size());
        EpochMetrics last = epochs.get(3);
        // Chance is 66.7 % (3 classes); measured 8.9 % after 4 epochs.
        assertTrue(last.testErrorPercent() < 20, "learns the argmax task: " + last);
        // The metrics of the last epoch are those of the network the run returns.
        Evaluation test = Evaluation.of(run.network(), TEST, Loss.BCE);
        assertEquals(test.errorPercent(), last.testErrorPercent());
        assertEquals(test.loss(), last.testLoss());
    }

    @Test
    void finalTestErrorIsTheMeanOfTheLastTenEpochs() {
        List<EpochMetrics> ms = new ArrayList<>();
        for (int e = 1; e <= 12; e++) {
            ms.add(new EpochMetrics(0, e, 0, 0, 0, e, 0, e, 0));
        }
        TrainingResult r = new TrainingResult(0, ms);
        assertEquals((3 + 12) / 2.0, r.finalTestError(), 1e-12);
        assertEquals(6.5, r.medianEpochSeconds(), 1e-12);
        assertEquals(2.0, new TrainingResult(0, ms.subList(0, 3)).finalTestError(), 1e-12);
    }

    @Test
    void mismatchedDataAndTopologyAreRejectedBeforeTraining() {
        RunConfig wrongOutputs = new RunConfig(Topology.parse("FC_16_FC_4"), "bp", "adam", 1e-2, Loss.BCE, 1, 32, 1, 1,
                NetworkOptions.defaults(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongOutputs.runTrial(DATA, 0, List.of()));
        assertTrue(e.getMessage().contains("FC_3"), e.getMessage());
    }

    @Test
    void bceNeedsSigmoidOutputs() {
        assertThrows(IllegalArgumentException.class, () -> new RunConfig(Topology.parse("FC_3"), "bp", "adam", 1e-2,
                Loss.BCE, 1, 32, 1, 1, NetworkOptions.defaults().withOutputActivation(org.drtp.tensor.Activation.TANH), false));
    }
}
