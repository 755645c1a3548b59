package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.rule.LearningRule;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping as a Trainer setting: a validation split held out of the training set, or the test set by name. */
class TrainerEarlyStoppingTest {

    private static final Dataset TRAIN = TestNets.argmaxDataset("train", 250, 6, 3, 1);
    private static final Dataset TEST = TestNets.argmaxDataset("test", 90, 6, 3, 2);

    /** The same inputs as TEST with every label moved to the next class: the better the net learns, the worse this gets. */
    private static final Dataset ANTI_TEST;

    static {
        float[] x = new float[TEST.size() * TEST.exampleSize()];
        int[] y = new int[TEST.size()];
        for (int i = 0; i < TEST.size(); i++) {
            TEST.copyFeatures(i, x, i * TEST.exampleSize());
            y[i] = (TEST.label(i) + 1) % 3;
        }
        ANTI_TEST = Dataset.classification("anti-test", TEST.exampleShape(), x, y, 3);
    }

    private static RunConfig config(double lr, int epochs, EarlyStopping e) {
        return new RunConfig(Topology.parse("FC_16_FC_3"), "bp", "adam", lr, Loss.BCE, epochs, 25, 1, 7,
                NetworkOptions.defaults(), false).withEarlyStopping(e);
    }

    /** Records, per epoch, the validation error of the split the trainer holds out (recomputed here) and the batch count. */
    private static final class Recorder implements TrainingListener {
        final List<Double> validation = new ArrayList<>();
        final List<Double> test = new ArrayList<>();
        int batchesPerEpoch;
        private Network net;
        private final Dataset held;

        Recorder(Dataset held) {
            this.held = held;
        }

        @Override
        public void onTrainingStart(int trial, int epochs, int batches) {
            batchesPerEpoch = batches;
        }

        @Override
        public void onStepCreated(int trial, TrainingStep step, Network network, LearningRule rule, Loss loss) {
            net = network;
        }

        @Override
        public void onEpochEnd(EpochMetrics m) {
            validation.add(Evaluation.of(net, held, Loss.BCE).errorPercent());
            test.add(m.testErrorPercent());
        }
    }

    /** The epoch after which a run with this history and patience stops (0: it does not). */
    private static int expectedStop(List<Double> values, int patience) {
        double best = Double.POSITIVE_INFINITY;
        int since = 0;
        for (int e = 1; e <= values.size(); e++) {
            if (values.get(e - 1) < best) {
                best = values.get(e - 1);
                since = 0;
            } else if (++since >= patience) {
                return e;
            }
        }
        return 0;
    }

    @Test
    void theValidationSplitIsASeededDisjointTenthOfTheTrainingSet() {
        EarlyStopping e = EarlyStopping.onValidation(3, 0.1);
        EarlyStopping.Split a = e.split(TRAIN, 7);
        EarlyStopping.Split b = e.split(TRAIN, 7);
        assertEquals(25, a.validation().size());
        assertEquals(225, a.fit().size());
        Set<String> fitted = new HashSet<>();
        float[] row = new float[6];
        for (int i = 0; i < a.fit().size(); i++) {
            a.fit().copyFeatures(i, row, 0);
            fitted.add(java.util.Arrays.toString(row));
        }
        for (int i = 0; i < a.validation().size(); i++) {
            a.validation().copyFeatures(i, row, 0);
            assertTrue(!fitted.contains(java.util.Arrays.toString(row)), "validation example " + i + " is also trained on");
            float[] other = new float[6];
            b.validation().copyFeatures(i, other, 0);
            assertArrayEquals(row, other, "same seed, same split");
        }
        float[] first = new float[6];
        float[] otherSeed = new float[6];
        a.validation().copyFeatures(0, first, 0);
        e.split(TRAIN, 8).validation().copyFeatures(0, otherSeed, 0);
        assertTrue(!java.util.Arrays.equals(first, otherSeed), "another seed holds out other examples");
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.onValidation(3, 0.999).split(TRAIN.slice("two", 0, 2), 7));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.onValidation(3, 1.5));
    }

    @Test
    void stopsOnTheHeldOutValidationErrorAndNeverTrainsOnIt() {
        EarlyStopping e = EarlyStopping.onValidation(2, 0.1);
        Recorder r = new Recorder(e.split(TRAIN, 7).validation());
        TrainingResult result = config(1e-2, 40, e).runTrial(new TrainTest(TRAIN, ANTI_TEST), 0, List.of(r)).result();
        assertEquals(9, r.batchesPerEpoch, "225 fitted examples in batches of 25");
        int stop = expectedStop(r.validation, 2);
        TrainingResult.EarlyStop s = result.stoppedEarly();
        assertNotNull(s, "the validation error stops improving within 40 epochs: " + r.validation);
        assertEquals(stop, s.epoch());
        assertEquals(stop, result.epochs().size());
        assertEquals(EarlyStopping.Monitor.VALIDATION, s.monitored());
        // The anti-test error rises as the net learns: stopping on it would have ended the run much earlier.
        assertTrue(expectedStop(r.test, 2) < stop, "test " + r.test + " validation " + r.validation);
    }

    @Test
    void stopsOnTheTestErrorOnlyWhenAskedByName() {
        Recorder r = new Recorder(TRAIN);
        TrainingResult result = config(1e-2, 40, EarlyStopping.onTest(2)).runTrial(new TrainTest(TRAIN, ANTI_TEST), 0,
                List.of(r)).result();
        assertEquals(10, r.batchesPerEpoch, "nothing held out: 250 examples in batches of 25");
        assertEquals(expectedStop(r.test, 2), result.stoppedEarly().epoch());
        assertEquals(EarlyStopping.Monitor.TEST, result.stoppedEarly().monitored());
    }

    @Test
    void aFlatErrorStopsAfterPatienceEpochsAndNoEarlyStoppingRunsThemAll() {
        // A learning rate far below float resolution: the weights cannot move, the error is flat.
        TrainingResult flat = config(1e-12, 30, EarlyStopping.onValidation(3, 0.1)).runTrial(new TrainTest(TRAIN, TEST), 0,
                List.of()).result();
        assertEquals(4, flat.epochs().size(), "epoch 1 sets the best; 2, 3 and 4 do not improve on it");
        assertEquals(1, flat.stoppedEarly().bestEpoch());
        TrainingResult all = config(1e-12, 6, EarlyStopping.NONE).runTrial(new TrainTest(TRAIN, TEST), 0, List.of()).result();
        assertEquals(6, all.epochs().size());
        assertNull(all.stoppedEarly());
    }

    @Test
    void isRefusedWithCheckpoints(@TempDir Path dir) {
        RunConfig c = config(1e-2, 3, EarlyStopping.onValidation(2, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.runTrial(new TrainTest(TRAIN, TEST), 0, List.of(), new Checkpoints(dir, c.fingerprint("d"))));
        assertTrue(e.getMessage().contains("checkpoints"), e.getMessage());
    }
}
