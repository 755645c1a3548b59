package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.data.TrainTest;
import org.junit.jupiter.api.Test;

/** Table 2's early stopping: a run ends once its test error has not improved for {@code patience} epochs. */
class EarlyStoppingTest {

    static {
        TinyGrid.table1(); // initialises TinyGrid, which registers its dataset (DATASET alone is an inlined constant)
    }

    /** A tiny-grid run whose weights cannot move (learning rate far below float resolution): a flat test error. */
    private static RunSpec flat(int epochs, int patience) {
        return new RunSpec("table2", true, TinyGrid.DATASET, 0, 0, 0, "FC1-500", "FC_8_FC_3", "bp", "adam", 1e-12,
                "bce", "tanh", "sigmoid", 0f, false, false, false, epochs, 10, patience, 0, 42, 0);
    }

    private static RunResult execute(RunSpec spec) {
        TrainTest data = new ExperimentData(null).forRun(spec);
        return RunExecutor.execute(spec, data, epoch -> { });
    }

    @Test
    void aFlatTestErrorStopsTheRunAfterPatienceEpochsWithoutImprovement() {
        RunResult r = execute(flat(30, 3));
        assertTrue(r.stoppedEarly());
        // Epoch 1 sets the best error; epochs 2, 3 and 4 do not improve on it; the run ends after epoch 4.
        assertEquals(4, r.epochs().size());
        assertEquals(r.epochs().get(0).testError(), r.epochs().get(3).testError());
        assertEquals(r.epochs().get(0).testError(), r.finalError(), 1e-9);
    }

    @Test
    void withoutPatienceEveryEpochRuns() {
        RunResult r = execute(flat(6, 0));
        assertFalse(r.stoppedEarly());
        assertEquals(6, r.epochs().size());
    }
}
