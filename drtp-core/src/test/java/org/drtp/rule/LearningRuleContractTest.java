package org.drtp.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.testing.TestNets;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every learning rule must do, whatever its signal. */
class LearningRuleContractTest {

    static Iterable<String> ids() {
        return LearningRules.IDS;
    }

    private record Run(Map<String, float[]> before, Map<String, float[]> after, double firstLoss, double lastLoss) {
    }

    private static Run run(String id) {
        Network net = TestNets.net("FC_20_FC_20_FC_4", 8, NetworkOptions.defaults(), 3);
        Map<String, float[]> before = TestNets.snapshot(net);
        LearningRule rule = LearningRules.create(id);
        rule.initialise(net, new Rng(4));
        Adam adam = new Adam(1e-2);
        adam.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, 32, new Rng(5), false);
        var data = TestNets.argmaxDataset("d", 32, 8, 4, 6);
        float[] x = new float[32 * 8];
        float[] t = new float[32 * 4];
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) {
            data.copyFeatures(i, x, i * 8);
            data.copyTarget(i, t, i * 4);
            labels[i] = data.label(i);
        }
        double first = step.run(x, t, labels, 32);
        double last = first;
        for (int s = 0; s < 60; s++) {
            last = step.run(x, t, labels, 32);
        }
        return new Run(before, TestNets.snapshot(net), first, last);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void reducesTheTrainingLossOfASimpleTask(String id) {
        Run r = run(id);
        assertTrue(r.lastLoss < 0.8 * r.firstLoss, id + ": loss " + r.firstLoss + " -> " + r.lastLoss);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void isDeterministicForAGivenSeed(String id) {
        Run a = run(id);
        Run b = run(id);
        for (String name : a.after.keySet()) {
            assertArrayEquals(a.after.get(name), b.after.get(name), name);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void keepsWeightsFiniteAndMovesExactlyTheLayersItTrains(String id) {
        Run r = run(id);
        for (String name : r.after.keySet()) {
            for (float v : r.after.get(name)) {
                assertTrue(Float.isFinite(v), name);
            }
            boolean hidden = !name.startsWith("layers.2.");
            boolean moved = !Arrays.equals(r.before.get(name), r.after.get(name));
            assertEquals(!(hidden && id.equals("shallow")), moved, name + " under " + id);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void idsRoundTripCaseInsensitively(String id) {
        assertEquals(id, LearningRules.create(id.toUpperCase(java.util.Locale.ROOT)).id());
    }

    @Test
    void unknownIdsAreRejectedWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRules.create("dtrp"));
        assertTrue(e.getMessage().contains("bp, fa, dfa, sdfa, drtp, shallow"), e.getMessage());
    }

    @Test
    void onlyDrtpAndShallowAreUpdateUnlocked() {
        for (String id : LearningRules.IDS) {
            boolean unlocked = id.equals("drtp") || id.equals("shallow");
            assertEquals(unlocked, !LearningRules.create(id).isUpdateLocked(), id);
        }
        assertFalse(LearningRules.create("shallow").trainsHiddenLayers());
    }

    /** Feedback written by another program (the golden traces) replaces the drawn values in place, shape checked. */
    @ParameterizedTest
    @MethodSource("ids")
    void loadsGivenFeedbackByNameAndRefusesWrongShapesOrNames(String id) {
        Network net = TestNets.net("FC_20_FC_20_FC_4", 8, NetworkOptions.defaults(), 3);
        LearningRule rule = LearningRules.create(id);
        rule.initialise(net, new Rng(4));
        for (FeedbackMatrix f : rule.feedbackMatrices()) {
            float[] v = new float[f.values().length];
            Arrays.fill(v, 0.25f);
            rule.loadFeedback(f.name(), f.shape(), v);
            assertArrayEquals(v, f.values(), f.name());
            int[] wrong = f.shape().clone();
            wrong[0]++;
            assertThrows(IllegalArgumentException.class, () -> rule.loadFeedback(f.name(), wrong, v));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rule.loadFeedback("feedback.9", new int[] {1}, new float[1]));
        assertTrue(e.getMessage().contains("no feedback matrix 'feedback.9'"), e.getMessage());
    }
}
