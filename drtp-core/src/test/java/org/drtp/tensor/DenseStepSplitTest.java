package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link DenseStepTask#split}: the parts of the fused batch-1 step cover every row once, in whole blocks of eight, one
 * part per core within one block of one another; neighbouring parts sweep in opposite directions
 * ({@link DenseStepTask#descends}). That the order leaves the bits alone is {@link FusedDenseStepTest}'s to check.
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
                assertEquals(Math.min(cores, blocks), parts, what + ": parts");
                assertEquals(0, task.firstRow(0, parts), what);
                assertEquals(out, task.firstRow(parts, parts), what);
                int min = Integer.MAX_VALUE, max = 0;
                for (int p = 0; p < parts; p++) {
                    int r0 = task.firstRow(p, parts), r1 = task.firstRow(p + 1, parts);
                    assertTrue(r0 < r1 && r0 % 8 == 0, what + ": part " + p + " is rows " + r0 + ".." + r1);
                    min = Math.min(min, r1 - r0);
                    max = Math.max(max, r1 - r0);
                }
                // Whole blocks each, within one block of one another (the last part may end on a partial block).
                assertTrue(max - min < 16, what + ": parts of " + min + " to " + max + " rows");
            }
        }
    }

    @Test
    void neighbouringPartsSweepApart() {
        assertFalse(DenseStepTask.descends(0, 1), "a step in one part runs upward, as the unsplit loops do");
        for (int parts = 2; parts <= 5; parts++) {
            assertTrue(DenseStepTask.descends(0, parts), "the caller's part 0 of " + parts + " runs downward");
            for (int p = 0; p + 1 < parts; p++) {
                assertTrue(DenseStepTask.descends(p, parts) != DenseStepTask.descends(p + 1, parts),
                        "parts " + p + " and " + (p + 1) + " of " + parts + " run in opposite directions");
            }
        }
    }
}
