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

    /** 4 well-separated Gaussian clusters in 8 dimensions, one per class. */
    private static Dataset data() {
        Rng r = new Rng(3);
        int n = 3000;
        float[][] centres = new float[4][8];
        for (float[] c : centres) {
            for (int j = 0; j < 8; j++) {
                c[j] = 2f * r.nextFloat() - 1f;
            }
        }
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4);
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = centres[y[i]][j] + 0.5f * (float) r.nextGaussian();
            }
        }
        return Dataset.classification("clusters", Shape.vector(8), x, y, 4);
    }

    @Test
    void accuracyDropsWhenTheLabelsArePermutedAndRecovers() {
        ConceptDrift.Result r = ConceptDrift.run(data(), List.of("drtp", "bp"),
                new ConceptDrift.Settings("FC_64_FC_4", 0.02, 100, 25, 1));
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
