package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link DenseStepTask#split}: the parts of the fused batch-1 step cover every row once, in whole blocks of eight, with
 * one fixed part per core of nearly equal size and balancing parts that hold a small share of the rows.
 */
class DenseStepSplitTest {

    @Test
    void partsCoverEveryRowOnceInWholeBlocks() {
        for (int cores = 2; cores <= 5; cores++) {
            for (int out = 1; out <= 600; out++) {
                DenseStepTask task = new DenseStepTask();
                task.set(null, null, null, 1, out, Activation.NONE, null, 1f, null);
                int parts = task.split(cores);
                int blocks = (out + 7) / 8;
                String what = out + " rows over " + cores + " cores";
                assertEquals(blocks >= 4 * cores ? 2 * cores : Math.min(cores, blocks), parts, what + ": parts");
                assertEquals(0, task.firstRow(0, parts), what);
                assertEquals(out, task.firstRow(parts, parts), what);
                int min = Integer.MAX_VALUE, max = 0;
                for (int p = 0; p < parts; p++) {
                    int r0 = task.firstRow(p, parts), r1 = task.firstRow(p + 1, parts);
                    assertTrue(r0 <= r1 && (r0 % 8 == 0 || r0 == out), what + ": part " + p + " starts at " + r0);
                    if (p < Math.min(cores, parts)) {
                        min = Math.min(min, r1 - r0);
                        max = Math.max(max, r1 - r0);
                    }
                }
                // Whole blocks each, within one block of one another (the last part may end on a partial block).
                assertTrue(max - min < 16, what + ": fixed parts of " + min + " to " + max + " rows");
                if (parts == 2 * cores) {
                    int balancing = out - task.firstRow(cores, parts);
                    assertTrue(balancing >= cores && balancing <= Math.max(8 * cores, out / 16 + 8),
                            what + ": " + balancing + " rows in the balancing parts");
                }
            }
        }
    }

    @Test
    void setForgetsThePlan() {
        DenseStepTask task = new DenseStepTask();
        task.set(null, null, null, 1, 500, Activation.NONE, null, 1f, null);
        task.split(2);
        task.set(null, null, null, 1, 500, Activation.NONE, null, 1f, null);
        assertEquals(248, task.firstRow(1, 2)); // even halves of 63 blocks: 31 and 32
    }
}
