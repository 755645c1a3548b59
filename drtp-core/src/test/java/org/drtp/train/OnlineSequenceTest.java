package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.optim.Optimizer;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OnlineLearner#learnSequence} learns bit for bit what one {@link OnlineLearner#learn} (or
 * {@link OnlineLearner#predictThenLearn}) per example learns, whether the first layer runs ahead on the kernel threads
 * (online DRTP with SGD) or the sequence is the plain loop (other rules, optimizers, micro-batches, dropout).
 */
class OnlineSequenceTest {

    /** MNIST's width, so that a first layer of 400 units takes two cores ({@code VectorGemm}'s work per part). */
    private static final int INPUTS = 784;
    private static final Dataset DATA = TestNets.argmaxDataset("sequence", 1300, INPUTS, 10, 4);

    private static OnlineLearner learner(String topology, String rule, NetworkOptions options, Optimizer optimizer,
                                         int microBatch) {
        Network net = TestNets.net(topology, INPUTS, options, 1);
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        return new OnlineLearner(net, r, optimizer, Loss.BCE, microBatch, 3);
    }

    /** Two cores; a hidden layer above the first (fused on the calling thread); one core. 1300 examples: past a chunk. */
    @ParameterizedTest
    @ValueSource(strings = {"FC_400_FC_10", "FC_400_FC_64_FC_10", "FC_40_FC_10"})
    void drtpLearnsAsOneCallPerExample(String topology) {
        compare(() -> learner(topology, "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1), DATA.size());
    }

    /** Rules, optimizers and settings the first layer cannot run ahead with: the sequence is the loop of calls. */
    @Test
    void otherRulesAndSettingsLearnAsTheLoop() {
        compare(() -> learner("FC_400_FC_10", "bp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1), 300);
        compare(() -> learner("FC_400_FC_10", "dfa", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1), 300);
        compare(() -> learner("FC_400_FC_10", "drtp", NetworkOptions.defaults(), new Adam(1e-3), 1), 300);
        compare(() -> learner("FC_400_FC_10", "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 4), 301);
        compare(() -> learner("FC_400_FC_10", "drtp", NetworkOptions.defaults().withDropout(0.1f),
                new Sgd(0.05, 0, false), 1), 300);
        compare(() -> learner("FC_20_FC_1000_FC_10", "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1), 300);
    }

    /** A first layer of two thirds of the network's work, a wider hidden layer above it (fused, on the calling thread). */
    @Test
    void aWiderLayerAboveLearnsAsOneCallPerExample() {
        compare(() -> learner("FC_100_FC_400_FC_10", "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1), 300);
    }

    /**
     * Two learners on two threads at once: one of them finds the kernel pool busy and runs every part on its own
     * thread; both learn what their loops learn.
     */
    @Test
    void twoLearnersOnTwoThreadsAtOnce() throws Exception {
        Supplier<OnlineLearner> make =
                () -> learner("FC_400_FC_10", "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1);
        OnlineLearner loop = make.get();
        float[] x = new float[INPUTS];
        for (int t = 0; t < DATA.size(); t++) {
            DATA.copyFeatures(t, x, 0);
            loop.learn(x, DATA.label(t));
        }
        OnlineLearner[] sequences = {make.get(), make.get()};
        float[] all = features(0, DATA.size());
        int[] labels = labels(0, DATA.size());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (OnlineLearner l : sequences) {
                runs.add(threads.submit(() -> {
                    for (int t = 0; t < DATA.size(); t += 100) { // many short sequences, so that the two meet often
                        int n = Math.min(100, DATA.size() - t);
                        l.learnSequence(Arrays.copyOfRange(all, t * INPUTS, (t + n) * INPUTS),
                                Arrays.copyOfRange(labels, t, t + n), n, null);
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        for (OnlineLearner l : sequences) {
            List<Parameter> a = loop.network().parameters();
            List<Parameter> b = l.network().parameters();
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).value(), b.get(i).value(), "parameter " + i);
            }
        }
    }

    /** The comparisons above are not all the fallback loop: the step runs ahead exactly where it can. */
    @Test
    void theStepRunsAheadOnlyWhereItCan() {
        assertTrue(runsAhead("FC_400_FC_10", "drtp", new Sgd(0.05, 0, false)));
        assertTrue(runsAhead("FC_400_FC_64_FC_10", "drtp", new Sgd(0.05, 0, false)));
        assertEquals(false, runsAhead("FC_400_FC_10", "bp", new Sgd(0.05, 0, false)), "bp needs the output error");
        assertEquals(false, runsAhead("FC_400_FC_10", "drtp", new Adam(1e-3)), "Adam is not a scaled step");
        assertEquals(false, runsAhead("FC_20_FC_1000_FC_10", "drtp", new Sgd(0.05, 0, false)),
                "the layers above do most of the work");
    }

    private static boolean runsAhead(String topology, String rule, Optimizer optimizer) {
        Network net = TestNets.net(topology, INPUTS, NetworkOptions.defaults(), 1);
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        optimizer.init(net.parameters());
        TrainingStep step = new TrainingStep(net, r, optimizer, Loss.BCE, 1, new Rng(3), false);
        int[] seen = {0};
        boolean ran = step.runSequence(features(0, 20), labels(0, 20), 20, (t, loss, output) -> seen[0]++);
        assertEquals(ran ? 20 : 0, seen[0]);
        return ran;
    }

    @Test
    void aBadSequenceIsRefusedBeforeAnythingIsLearned() {
        OnlineLearner l = learner("FC_400_FC_10", "drtp", NetworkOptions.defaults(), new Sgd(0.05, 0, false), 1);
        float[] before = l.network().layer(0).weight().value().clone();
        float[] x = features(0, 10);
        int[] labels = labels(0, 10);
        labels[5] = 10;
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> l.learnSequence(x, labels, 10, null));
        assertTrue(e.getMessage().contains("label 10 of example 5 outside 0..9"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> l.learnSequence(x, labels(0, 10), 11, null));
        assertTrue(e.getMessage().contains("needs 8624 input values and 11 labels"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> l.learnSequence(x, labels(0, 10), 10, new int[9]));
        assertTrue(e.getMessage().contains("prediction slots"), e.getMessage());
        assertArrayEquals(before, l.network().layer(0).weight().value(), "nothing learned");
        assertEquals(0, l.examplesSeen());
    }

    @Test
    void divergenceNamesTheExample() {
        // Linear outputs, MSE and a huge step size: the weights overflow within a few examples.
        Network net = TestNets.net("FC_400_FC_10", INPUTS, NetworkOptions.defaults()
                .withOutputActivation(Activation.NONE).withHiddenActivation(Activation.RELU), 1);
        LearningRule r = LearningRules.create("drtp");
        r.initialise(net, new Rng(2));
        OnlineLearner l = new OnlineLearner(net, r, new Sgd(1e3, 0, false), Loss.MSE, 1, 3);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> l.learnSequence(features(0, 200), labels(0, 200), 200, null));
        assertTrue(e.getMessage().contains("online update at example " + l.examplesSeen()), e.getMessage());
        assertTrue(l.examplesSeen() >= 1 && l.examplesSeen() < 200, "examples learned: " + l.examplesSeen());
    }

    /** Learns {@code count} examples both ways, with predictions and without, and compares everything. */
    private static void compare(Supplier<OnlineLearner> make, int count) {
        for (boolean predict : new boolean[] {false, true}) {
            OnlineLearner loop = make.get();
            int[] expected = new int[count];
            float[] x = new float[INPUTS];
            for (int t = 0; t < count; t++) {
                DATA.copyFeatures(t, x, 0);
                if (predict) {
                    expected[t] = loop.predictThenLearn(x, DATA.label(t));
                } else {
                    loop.learn(x, DATA.label(t));
                }
            }
            OnlineLearner sequence = make.get();
            int[] predictions = predict ? new int[count] : null;
            // In two calls, so that the second continues from where the first stopped.
            int half = count / 3;
            sequence.learnSequence(features(0, half), labels(0, half), half, predictions);
            int[] rest = predict ? new int[count - half] : null;
            sequence.learnSequence(features(half, count), labels(half, count), count - half, rest);
            String what = sequence.network() + " " + sequence.rule().id() + (predict ? ", predicting" : "");
            if (predict) {
                System.arraycopy(rest, 0, predictions, half, count - half);
                assertArrayEquals(expected, predictions, what + ": predictions");
            }
            assertEquals(loop.examplesSeen(), sequence.examplesSeen(), what);
            assertEquals(loop.lastLoss(), sequence.lastLoss(), what + ": last loss");
            List<Parameter> a = loop.network().parameters();
            List<Parameter> b = sequence.network().parameters();
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).value(), b.get(i).value(), what + ": parameter " + i);
            }
        }
    }

    private static float[] features(int from, int to) {
        float[] x = new float[(to - from) * INPUTS];
        for (int t = from; t < to; t++) {
            DATA.copyFeatures(t, x, (t - from) * INPUTS);
        }
        return x;
    }

    private static int[] labels(int from, int to) {
        int[] y = new int[to - from];
        Arrays.setAll(y, i -> DATA.label(from + i));
        return y;
    }
}
