package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.drtp.data.TrainTest;
import org.drtp.nn.Topology;
import org.drtp.train.EarlyStopping;
import org.drtp.train.RunConfig;
import org.drtp.train.Settings;
import org.junit.jupiter.api.Test;

/**
 * Table 2's early stopping in a grid run: the trainer's setting (core's own tests cover the stopping rule), a run
 * ends once its monitored error has not improved for {@code patience} epochs; a validation split by default.
 */
class EarlyStoppingTest {

    static {
        TinyGrid.table1(); // initialises TinyGrid, which registers its dataset (DATASET alone is an inlined constant)
    }

    /** A tiny-grid run whose weights cannot move (learning rate far below float resolution): a flat error. */
    private static RunSpec flat(int epochs, int patience, String on) {
        RunConfig.Builder b = RunConfig.builder().set(Settings.TOPOLOGY, Topology.parse("FC_8_FC_3"))
                .set(Settings.TRAIN_MODE, "bp").set(Settings.LR, 1e-12).set(Settings.EPOCHS, epochs)
                .set(Settings.BATCH_SIZE, 10).set(Settings.EARLY_STOP_PATIENCE, patience);
        if (!on.equals("none")) {
            b.set(Settings.EARLY_STOP_ON, EarlyStopping.Monitor.fromId(on));
        }
        return new RunSpec("table2", true, "FC1-500", RunSpec.DataSlice.of(TinyGrid.DATASET), b.build(), 0, 0);
    }

    private static RunResult execute(RunSpec spec) {
        TrainTest data = new ExperimentData(null).forRun(spec);
        return RunExecutor.execute(spec, data, epoch -> { });
    }

    @Test
    void aFlatErrorStopsTheRunAfterPatienceEpochsWithoutImprovementOnEitherSet() {
        for (String on : new String[] {"validation", "test"}) {
            RunResult r = execute(flat(30, 3, on));
            assertTrue(r.stoppedEarly(), on);
            // Epoch 1 sets the best error; epochs 2, 3 and 4 do not improve on it; the run ends after epoch 4.
            assertEquals(4, r.epochs().size(), on);
            assertEquals(r.epochs().get(0).testError(), r.finalError(), 1e-9);
        }
    }

    @Test
    void withoutPatienceEveryEpochRuns() {
        RunResult r = execute(flat(6, 0, "none"));
        assertFalse(r.stoppedEarly());
        assertEquals(6, r.epochs().size());
        assertEquals(EarlyStopping.NONE, flat(6, 0, "validation").run().earlyStopping());
    }

    @Test
    void theMonitoredSetIsPartOfTheRunAndTable2DefaultsToValidation() {
        RunSpec validation = flat(30, 3, "validation");
        RunSpec test = flat(30, 3, "test");
        assertEquals(EarlyStopping.onValidation(3, EarlyStopping.DEFAULT_VALIDATION_FRACTION), validation.toRunConfig().earlyStopping());
        assertEquals(EarlyStopping.onTest(3), test.toRunConfig().earlyStopping());
        assertNotEquals(validation.fileName(), test.fileName());
        assertEquals("validation", new ExperimentOptions(true, 1, 1, 42).earlyStopOn());
    }

    /** Result files written before the choice existed stopped on the test set, and keep their names. */
    @Test
    void olderResultFilesReadAsStoppedOnTheTestSet() throws Exception {
        RunSpec test = flat(30, 3, "test");
        ObjectNode json = ResultStore.JSON.valueToTree(test);
        json.remove("earlyStopOn");
        RunSpec old = ResultStore.JSON.treeToValue(json, RunSpec.class);
        assertEquals("test", old.earlyStopOn());
        assertEquals(test.fileName(), old.fileName());
        assertFalse(test.canonical().contains("stop_on"), "a test-set run's name is what it was before the choice existed");
    }

    @Test
    void table2sCaptionSaysWhatEarlyStoppingMonitored() {
        String validation = new ErrorTable(true).tables(java.util.List.of(execute(flat(2, 3, "validation")))).get(0).title();
        assertTrue(validation.endsWith("early stopping (patience 3) on a validation split (10% of the training set, held out)"),
                validation);
        String test = new ErrorTable(true).tables(java.util.List.of(execute(flat(2, 3, "test")))).get(0).title();
        assertTrue(test.endsWith("early stopping (patience 3) on the test set (optimistic: the test set chose the stopping epoch)"),
                test);
        String none = new ErrorTable(false).tables(java.util.List.of(execute(flat(2, 0, "none")))).get(0).title();
        assertFalse(none.contains("early stopping"), none);
    }
}
