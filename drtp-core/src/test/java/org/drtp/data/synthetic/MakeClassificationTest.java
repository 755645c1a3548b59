package org.drtp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.data.Dataset;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MakeClassificationTest {

    /** The paper's parameters on fewer examples, so the test stays fast. */
    private static final MakeClassification SMALL = new MakeClassification(3000, 256, 128, 10, 5, 4.5, 0.01, 0, 1, 0);
    private static Dataset data;

    @BeforeAll
    static void generate() {
        data = SMALL.generate("small");
    }

    @Test
    void shapesAndBalancedClasses() {
        assertEquals(3000, data.size());
        assertEquals(256, data.exampleSize());
        assertEquals(10, data.numClasses());
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        for (int c : counts) {
            // 300 per class before 1 % of labels are redrawn at random
            assertTrue(Math.abs(c - 300) <= 25, "class count " + c);
        }
    }

    @Test
    void registeredDatasetIsThePapersSplit() {
        TrainTest d = DatasetCatalog.load("synthetic-classification", null);
        assertEquals(25_000, d.train().size());
        assertEquals(5_000, d.test().size());
        assertEquals(256, d.train().exampleSize());
        assertEquals(10, d.train().numClasses());
    }

    @Test
    void informativeFeaturesSeparateTheClassesAndNoiseFeaturesDoNot() {
        // Per feature, the spread of the class means over the within-class spread: informative features sit on
        // +-class_sep cluster vertices, noise features are N(0, 1) for every class.
        int n = data.size();
        int informativeLike = 0;
        for (int f = 0; f < 256; f++) {
            double[] sum = new double[10];
            int[] cnt = new int[10];
            double total = 0;
            double total2 = 0;
            for (int i = 0; i < n; i++) {
                double v = data.feature(i, f);
                sum[data.label(i)] += v;
                cnt[data.label(i)]++;
                total += v;
                total2 += v * v;
            }
            double mean = total / n;
            double between = 0;
            for (int c = 0; c < 10; c++) {
                double d = sum[c] / cnt[c] - mean;
                between += d * d / 10;
            }
            double var = total2 / n - mean * mean;
            if (var > 5) { // informative features: cluster shift (4.5^2) plus covariance; noise: variance 1
                informativeLike++;
                assertTrue(between > 0.05, "feature " + f + " looks informative but does not separate classes");
            } else {
                assertEquals(1.0, var, 0.15, "noise feature " + f + " variance");
            }
        }
        assertEquals(128, informativeLike);
    }

    @Test
    void nearestCentroidOfClustersReachesHighAccuracy() {
        // Split 2000 / 1000; assign each test example the label of the nearest training cluster found by
        // 1-nearest-neighbour: clusters are far apart (class_sep 4.5 in 128 dimensions), so this is near perfect.
        int d = 256;
        float[] a = new float[d];
        float[] b = new float[d];
        int correct = 0;
        for (int i = 2000; i < 3000; i++) {
            data.copyFeatures(i, a, 0);
            double best = Double.MAX_VALUE;
            int label = -1;
            for (int j = 0; j < 2000; j++) {
                data.copyFeatures(j, b, 0);
                double s = 0;
                for (int f = 0; f < d; f++) {
                    double e = a[f] - b[f];
                    s += e * e;
                }
                if (s < best) {
                    best = s;
                    label = data.label(j);
                }
            }
            if (label == data.label(i)) {
                correct++;
            }
        }
        assertTrue(correct >= 900, "1-NN accuracy " + correct / 10.0 + " %");
    }

    @Test
    void deterministicFromTheSeed() {
        MakeClassification p = new MakeClassification(100, 16, 8, 3, 2, 1.0, 0.0, 0, 1, 5);
        float[] a = new float[16];
        float[] b = new float[16];
        p.generate("a").copyFeatures(42, a, 0);
        p.generate("b").copyFeatures(42, b, 0);
        assertArrayEquals(a, b);
        new MakeClassification(100, 16, 8, 3, 2, 1.0, 0.0, 0, 1, 6).generate("c").copyFeatures(42, b, 0);
        assertTrue(!java.util.Arrays.equals(a, b));
    }

    @Test
    void rejectsTooManyClustersForTheHypercube() {
        assertThrows(IllegalArgumentException.class, () -> new MakeClassification(100, 4, 2, 3, 2, 1, 0, 0, 1, 0));
    }
}
