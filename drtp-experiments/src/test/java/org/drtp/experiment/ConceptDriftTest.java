package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

class ConceptDriftTest {

    /** 4 classes: the class is the index of the largest of the first 4 of 8 inputs. */
    private static Dataset data() {
        Rng r = new Rng(3);
        int n = 3000;
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = r.nextFloat();
                if (j < 4 && x[i * 8 + j] > x[i * 8 + y[i]]) {
                    y[i] = j;
                }
            }
        }
        return Dataset.classification("argmax", Shape.vector(8), x, y, 4);
    }

    @Test
    void accuracyDropsWhenTheLabelsArePermutedAndRecovers() {
        ConceptDrift.Result r = ConceptDrift.run(data(), List.of("drtp", "bp"),
                new ConceptDrift.Settings("FC_64_FC_4", 0.1, 200, 50, 1));
        assertEquals(3000, r.driftAt());
        for (int i = 0; i < r.labelMap().length; i++) {
            assertNotEquals(i, r.labelMap()[i], "every class changes meaning");
        }
        for (ConceptDrift.Curve c : r.curves()) {
            String what = c.rule() + ": before " + c.beforeDrift() + ", lowest " + c.lowest() + ", end " + c.atEnd();
            assertTrue(c.beforeDrift() > 75, what);
            assertTrue(c.lowest() < c.beforeDrift() - 30, what);
            assertTrue(c.atEnd() > c.lowest() + 30, what);
            assertTrue(c.recoveryExamples() > 0, what);
        }
    }

    @Test
    void derangementsMoveEveryLabel() {
        Rng rng = new Rng(5);
        for (int t = 0; t < 100; t++) {
            int[] p = ConceptDrift.derangement(10, rng);
            boolean[] seen = new boolean[10];
            for (int i = 0; i < 10; i++) {
                assertNotEquals(i, p[i]);
                seen[p[i]] = true;
            }
            for (boolean s : seen) {
                assertTrue(s, "a permutation");
            }
        }
    }
}
