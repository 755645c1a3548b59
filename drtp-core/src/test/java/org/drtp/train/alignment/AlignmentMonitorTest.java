package org.drtp.train.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Optimizers;
import org.drtp.rule.FeedbackAlignment;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.testing.TestNets;
import org.drtp.train.Trainer;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.api.Test;

class AlignmentMonitorTest {

    private static final TrainTest DATA = new TrainTest(TestNets.argmaxDataset("train", 600, 12, 4, 1),
            TestNets.argmaxDataset("test", 200, 12, 4, 2));

    private static List<AlignmentPoint> train(String rule, int epochs, TrainingListener before) {
        Network net = TestNets.net("FC_32_FC_32_FC_4", 12, NetworkOptions.defaults(), 3);
        LearningRule r = LearningRules.create(rule);
        AlignmentMonitor monitor = new AlignmentMonitor(100);
        Trainer.Builder b = Trainer.builder().epochs(epochs).batchSize(20).seed(5).evaluateTrainSet(false);
        if (before != null) {
            b.listener(before);
        }
        b.listener(monitor);
        b.build().fit(net, r, Optimizers.create("adam", 1e-2), Loss.BCE, DATA, 0);
        return monitor.points();
    }

    @Test
    void backpropagationIsAtZeroDegreesFromItself() {
        List<AlignmentPoint> pts = train("bp", 1, null);
        assertEquals(6, pts.size(), "600 samples measured every 100: batches starting at 0, 100, ..., 500");
        for (AlignmentPoint p : pts) {
            for (double a : p.signalAngles()) {
                assertEquals(0.0, a, 1e-3);
            }
        }
    }

    @Test
    void withDropoutTheProbeSeesTheSameMasksSoBackpropagationStaysAtZeroDegrees() {
        Network net = TestNets.net("FC_32_FC_32_FC_4", 12, NetworkOptions.defaults().withDropout(0.3f), 3);
        AlignmentMonitor monitor = new AlignmentMonitor(100);
        Trainer.builder().epochs(1).batchSize(20).seed(5).evaluateTrainSet(false).listener(monitor).build()
                .fit(net, LearningRules.create("bp"), Optimizers.create("adam", 1e-2), Loss.BCE, DATA, 0);
        for (AlignmentPoint p : monitor.points()) {
            for (double a : p.signalAngles()) {
                assertEquals(0.0, a, 1e-3);
            }
        }
    }

    @Test
    void feedbackAlignmentWithFeedbackEqualToTheWeightsStartsAtZeroDegrees() {
        // B_k := W_k once the rule is initialised: FA's first signals are then exactly BP's.
        TrainingListener copyWeights = new TrainingListener() {
            @Override
            public void onStepCreated(int trial, TrainingStep step, Network net, LearningRule rule, Loss loss) {
                for (int k = 1; k < net.depth(); k++) {
                    ((FeedbackAlignment) rule).setMatrix(k, net.layer(k).weight().value());
                }
            }
        };
        AlignmentPoint first = train("fa", 1, copyWeights).get(0);
        for (double a : first.signalAngles()) {
            assertEquals(0.0, a, 1e-3);
        }
        assertTrue(Double.isNaN(first.weightAngles()[0]), "the first layer has no feedback matrix");
        assertEquals(0.0, first.weightAngles()[1], 1e-3);
        assertEquals(0.0, first.weightAngles()[2], 1e-3);
    }

    @Test
    void directRulesAlignBelowNinetyDegreesWhileLearning() {
        for (String rule : new String[] {"drtp", "dfa"}) {
            List<AlignmentPoint> pts = train(rule, 8, null);
            double[] last = pts.get(pts.size() - 1).signalAngles();
            for (int k = 0; k < last.length; k++) {
                int layer = k;
                double[] series = pts.stream().mapToDouble(p -> p.signalAngles()[layer]).toArray();
                double smoothed = Angles.ema(series, Angles.EMA_MOMENTUM)[series.length - 1];
                assertTrue(last[k] < 90, rule + " layer " + (k + 1) + " angle " + last[k]);
                assertTrue(smoothed < 90, rule + " smoothed angle " + smoothed);
            }
            assertTrue(Double.isNaN(pts.get(0).weightAngles()[1]), rule + " has no weight-shaped feedback");
        }
    }

    @Test
    void measuringChangesNothingInTheTraining() {
        // The BP probe runs on the same batch with a copy of the dropout stream and an optimizer that never
        // moves: a run with the monitor must end with exactly the weights of a run without it.
        for (String rule : new String[] {"drtp", "fa", "bp"}) {
            float[][] w = new float[2][];
            for (int pass = 0; pass < 2; pass++) {
                Network net = TestNets.net("FC_16_FC_16_FC_4", 12, NetworkOptions.defaults().withDropout(0.2f), 3);
                Trainer.Builder b = Trainer.builder().epochs(2).batchSize(20).seed(5).evaluateTrainSet(false);
                if (pass == 1) {
                    b.listener(new AlignmentMonitor(40));
                }
                b.build().fit(net, LearningRules.create(rule), Optimizers.create("adam", 1e-2), Loss.BCE, DATA, 0);
                w[pass] = net.layer(0).weight().value().clone();
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(w[0], w[1], rule);
        }
    }

    @Test
    void shallowLearningIsNotMeasured() {
        assertTrue(train("shallow", 1, null).isEmpty());
    }

    @Test
    void anglesAndEma() {
        assertEquals(90.0, Angles.degrees(new float[] {1, 0}, new float[] {0, 3}, 2), 1e-9);
        assertEquals(180.0, Angles.degrees(new float[] {1, 1}, new float[] {-2, -2}, 2), 1e-6);
        assertTrue(Double.isNaN(Angles.degrees(new float[] {0, 0}, new float[] {1, 2}, 2)));
        double[] s = Angles.ema(new double[] {Double.NaN, 10, 20}, 0.95);
        assertTrue(Double.isNaN(s[0]));
        assertEquals(10, s[1], 1e-12);
        assertEquals(10.5, s[2], 1e-12);
        assertFalse(Double.isNaN(Angles.ema(new double[] {1, Double.NaN}, 0.95)[1]));
    }
}
