package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** 4 examples of 3 features; feature j of example i is 10 i + j. */
    private static float[] features(int n, int d) {
        float[] f = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i * d + j] = 10 * i + j;
            }
        }
        return f;
    }

    private static Dataset classification() {
        return Dataset.classification("cls", Shape.vector(3), features(4, 3), new int[] {2, 0, 3, 1}, 4);
    }

    private static Dataset regression() {
        float[] targets = {0.5f, -1f, 1.5f, -2f, 2.5f, -3f, 3.5f, -4f};
        return Dataset.regression("reg", Shape.vector(3), features(4, 3), targets, 2);
    }

    @Test
    void classificationTargetsAreOneHotRowsWrittenAtTheOffset() {
        Dataset ds = classification();
        assertTrue(ds.isClassification());
        assertEquals(4, ds.size());
        assertEquals(4, ds.targetSize());
        float[] dst = new float[7];
        Arrays.fill(dst, 9f);
        ds.copyTarget(0, dst, 2);
        assertArrayEquals(new float[] {9, 9, 0, 0, 1, 0, 9}, dst);
        ds.copyTarget(2, dst, 2);
        assertArrayEquals(new float[] {9, 9, 0, 0, 0, 1, 9}, dst);
    }

    @Test
    void regressionTargetsAreTheTargetVectors() {
        Dataset ds = regression();
        assertFalse(ds.isClassification());
        assertEquals(2, ds.targetSize());
        assertEquals(0, ds.numClasses());
        float[] dst = new float[4];
        ds.copyTarget(2, dst, 1);
        assertArrayEquals(new float[] {0, 2.5f, -3f, 0}, dst);
        assertThrows(IllegalStateException.class, () -> ds.label(0));
    }

    @Test
    void featuresAreCopiedOutPerExample() {
        Dataset ds = classification();
        float[] dst = new float[5];
        ds.copyFeatures(3, dst, 1);
        assertArrayEquals(new float[] {0, 30, 31, 32, 0}, dst);
        assertEquals(21f, ds.feature(2, 1));
        assertEquals(3, ds.exampleSize());
    }

    @Test
    void inputArraysAreCopiedSoLaterChangesDoNotLeakIn() {
        float[] f = features(4, 3);
        int[] labels = {2, 0, 3, 1};
        Dataset ds = Dataset.classification("cls", Shape.vector(3), f, labels, 4);
        f[0] = 99f;
        labels[0] = 1;
        assertEquals(0f, ds.feature(0, 0));
        assertEquals(2, ds.label(0));
    }

    @Test
    void sliceKeepsExamplesFromToExclusive() {
        Dataset s = classification().slice("part", 1, 3);
        assertEquals("part", s.name());
        assertEquals(2, s.size());
        assertEquals(0, s.label(0));
        assertEquals(3, s.label(1));
        assertEquals(10f, s.feature(0, 0));
        assertEquals(22f, s.feature(1, 2));
        assertEquals(4, s.numClasses());
    }

    @Test
    void sliceOutsideTheDatasetIsRejected() {
        Dataset ds = classification();
        assertThrows(IndexOutOfBoundsException.class, () -> ds.slice("x", 2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.slice("x", 3, 2));
    }

    @Test
    void selectTakesExamplesInTheGivenOrderWithRepeats() {
        Dataset s = classification().select("sel", new int[] {3, 0, 3});
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {1, 2, 1}, new int[] {s.label(0), s.label(1), s.label(2)});
        assertEquals(30f, s.feature(0, 0));
        assertEquals(1f, s.feature(1, 1));
        assertEquals(32f, s.feature(2, 2));
    }

    @Test
    void selectOfRegressionDataCarriesTheTargets() {
        Dataset s = regression().select("sel", new int[] {3, 1});
        assertFalse(s.isClassification());
        float[] dst = new float[2];
        s.copyTarget(0, dst, 0);
        assertArrayEquals(new float[] {3.5f, -4f}, dst);
        s.copyTarget(1, dst, 0);
        assertArrayEquals(new float[] {1.5f, -2f}, dst);
        assertEquals(10f, s.feature(1, 0));
    }

    @Test
    void nanFeatureIsRejectedWithItsPosition() {
        float[] f = features(4, 3);
        f[2 * 3 + 1] = Float.NaN;
        DataException e = assertThrows(DataException.class,
                () -> Dataset.classification("bad", Shape.vector(3), f, new int[] {0, 1, 2, 3}, 4));
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
        assertTrue(e.getMessage().contains("example 2, feature 1"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void infiniteFeatureAndTargetAreRejected() {
        float[] f = features(4, 3);
        f[11] = Float.POSITIVE_INFINITY;
        DataException e = assertThrows(DataException.class,
                () -> Dataset.regression("bad", Shape.vector(3), f, new float[8], 2));
        assertTrue(e.getMessage().contains("example 3, feature 2"), e.getMessage());

        float[] t = new float[8];
        t[5] = Float.NaN;
        DataException e2 = assertThrows(DataException.class,
                () -> Dataset.regression("bad", Shape.vector(3), features(4, 3), t, 2));
        assertTrue(e2.getMessage().contains("example 2, target 1"), e2.getMessage());
    }

    @Test
    void labelOutOfRangeIsRejectedWithTheExampleAndRange() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.classification("lab", Shape.vector(3), features(4, 3), new int[] {0, 1, 4, 2}, 4));
        assertTrue(e.getMessage().contains("example 2 is 4"), e.getMessage());
        assertTrue(e.getMessage().contains("0..3"), e.getMessage());
        assertThrows(DataException.class,
                () -> Dataset.classification("lab", Shape.vector(3), features(4, 3), new int[] {0, -1, 1, 2}, 4));
    }

    @Test
    void labelCountMustMatchExampleCount() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.classification("lab", Shape.vector(3), features(4, 3), new int[] {0, 1, 2}, 4));
        assertTrue(e.getMessage().contains("3 labels for 4 examples"), e.getMessage());
    }

    @Test
    void featureCountMustBeAWholeNumberOfExamples() {
        assertThrows(DataException.class,
                () -> Dataset.classification("f", Shape.vector(3), new float[7], new int[] {0, 1}, 2));
        assertThrows(DataException.class,
                () -> Dataset.regression("f", Shape.vector(3), new float[6], new float[3], 2));
    }

    @Test
    void fewerThanTwoClassesOrNoTargetsAreRejected() {
        assertThrows(DataException.class,
                () -> Dataset.classification("c", Shape.vector(3), features(1, 3), new int[] {0}, 1));
        assertThrows(DataException.class,
                () -> Dataset.regression("r", Shape.vector(3), features(1, 3), new float[0], 0));
    }

    @Test
    void trainTestRejectsDifferentShapes() {
        Dataset a = classification();
        Dataset b = Dataset.classification("other", Shape.vector(2), new float[4], new int[] {0, 1}, 4);
        assertThrows(DataException.class, () -> new TrainTest(a, b));
        Dataset c = Dataset.classification("fewer-classes", Shape.vector(3), new float[6], new int[] {0, 1}, 3);
        assertThrows(DataException.class, () -> new TrainTest(a, c));
    }
}
