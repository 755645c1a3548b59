package org.drtp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.data.Dataset;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.junit.jupiter.api.Test;

class SyntheticRegressionTest {

    @Test
    void registeredDatasetHasThePapersShapes() {
        TrainTest d = DatasetCatalog.load("synthetic-regression", null);
        assertEquals(5000, d.train().size());
        assertEquals(1000, d.test().size());
        assertEquals(256, d.train().exampleSize());
        assertEquals(10, d.train().targetSize());
        assertFalse(d.train().isClassification());
    }

    @Test
    void targetsAreCosinesOfTheInputMeanWithTheDocumentedPhases() {
        TrainTest d = SyntheticRegression.generate(200, 50, 7);
        float[] t = new float[10];
        for (Dataset ds : new Dataset[] {d.train(), d.test()}) {
            for (int i = 0; i < ds.size(); i++) {
                double sum = 0;
                for (int f = 0; f < 256; f++) {
                    sum += ds.feature(i, f);
                }
                ds.copyTarget(i, t, 0);
                for (int j = 0; j < 10; j++) {
                    double expected = Math.cos(sum / 256 + Math.PI * (j - 4.5) / 9);
                    assertEquals(expected, t[j], 1e-6, "example " + i + ", target " + j);
                }
            }
        }
    }

    @Test
    void inputsAreUnitVarianceAroundAPerExampleMeanInMinusPiPi() {
        TrainTest d = SyntheticRegression.generate(300, 10, 1);
        double varSum = 0;
        for (int i = 0; i < 300; i++) {
            double m = 0;
            for (int f = 0; f < 256; f++) {
                m += d.train().feature(i, f);
            }
            m /= 256;
            assertTrue(Math.abs(m) < Math.PI + 0.4, "example mean " + m);
            double v = 0;
            for (int f = 0; f < 256; f++) {
                double e = d.train().feature(i, f) - m;
                v += e * e;
            }
            varSum += v / 255;
        }
        assertEquals(1.0, varSum / 300, 0.03);
    }

    @Test
    void sameSeedSameData() {
        float[] a = new float[256];
        float[] b = new float[256];
        SyntheticRegression.generate(5, 5, 3).test().copyFeatures(4, a, 0);
        SyntheticRegression.generate(5, 5, 3).test().copyFeatures(4, b, 0);
        assertArrayEquals(a, b);
    }
}
