package org.drtp.data.synthetic;

import java.util.HashSet;
import java.util.Set;
import org.drtp.data.Dataset;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;

/**
 * Our implementation of scikit-learn's {@code make_classification} algorithm (I. Guyon, "Design of
 * experiments for the NIPS 2003 variable selection benchmark", 2003), written from its documented
 * algorithm with our own random numbers (so values differ from scikit-learn's, distributions do not):
 *
 * <ol>
 *   <li>{@code classes x clustersPerClass} clusters; cluster k belongs to class {@code k mod classes} and
 *       gets {@code floor(n / classes / clustersPerClass)} examples, the remainder spread one by one over
 *       the clusters in order.</li>
 *   <li>Centroids are distinct vertices of the {@code informative}-dimensional hypercube with sides
 *       {@code 2 classSep}: coordinates {@code +-classSep}. (As scikit-learn: beyond 30 dimensions the
 *       leading bits are drawn freely and the last 30 are distinct per cluster.)</li>
 *   <li>Informative features of every example are drawn N(0, 1), then, per cluster, multiplied by a random
 *       matrix {@code A} with entries U(-1, 1) (random covariance) and shifted to the centroid.</li>
 *   <li>The other features are N(0, 1) noise.</li>
 *   <li>A share {@code flipY} of the labels is replaced by uniformly random classes (scikit-learn's default
 *       0.01, which the authors kept).</li>
 *   <li>Features are shifted by {@code shift} and scaled by {@code scale} (the authors: 0 and 1).</li>
 *   <li>Examples are shuffled, then the feature columns are permuted.</li>
 * </ol>
 *
 * <p>The paper (section 4.2) used 256 features, 128 informative, 10 classes, 5 clusters per class,
 * class_sep 4.5, 30,000 examples split 25k/5k: {@link #paper()}.
 */
public record MakeClassification(int samples, int features, int informative, int classes, int clustersPerClass,
                                 double classSep, double flipY, double shift, double scale, long seed) {

    public MakeClassification {
        if (samples <= 0 || features <= 0 || informative <= 0 || classes < 2 || clustersPerClass <= 0) {
            throw new InvalidSettingException("make_classification: samples, features, informative, clusters per class"
                    + " must be positive and classes at least 2");
        }
        if (informative > features) {
            throw new InvalidSettingException("make_classification: informative features (" + informative
                    + ") must not exceed features (" + features + ")");
        }
        if (Math.log(classes * (double) clustersPerClass) / Math.log(2) > informative) {
            throw new InvalidSettingException("make_classification: classes x clusters per class (" + classes * clustersPerClass
                    + ") must be at most 2^informative");
        }
        if (!(classSep > 0) || !(flipY >= 0 && flipY <= 1)) {
            throw new InvalidSettingException("make_classification: class_sep must be positive and flip_y in [0, 1]");
        }
    }

    /** The paper's parameters (the authors' {@code synth_dataset_gen.py}, random_state 0). */
    public static MakeClassification paper() {
        return new MakeClassification(30_000, 256, 128, 10, 5, 4.5, 0.01, 0.0, 1.0, 0);
    }

    /** The examples, in shuffled order. */
    public Dataset generate(String name) {
        Rng rng = Rng.forComponent(seed, 0, RandomStream.MAKE_CLASSIFICATION);
        int clusters = classes * clustersPerClass;
        int[] perCluster = new int[clusters];
        int assigned = 0;
        for (int k = 0; k < clusters; k++) {
            perCluster[k] = (int) (samples * (1.0 / classes) / clustersPerClass);
            assigned += perCluster[k];
        }
        for (int i = 0; i < samples - assigned; i++) {
            perCluster[i % clusters]++;
        }
        double[][] centroids = hypercubeVertices(clusters, rng);
        double[] x = new double[samples * features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            for (int f = 0; f < informative; f++) {
                x[i * features + f] = rng.nextGaussian();
            }
        }
        double[] a = new double[informative * informative];
        double[] row = new double[informative];
        int start = 0;
        for (int k = 0; k < clusters; k++) {
            for (int j = 0; j < a.length; j++) {
                a[j] = 2 * rng.nextDouble() - 1;
            }
            for (int i = start; i < start + perCluster[k]; i++) {
                y[i] = k % classes;
                int base = i * features;
                // row <- x_i A, then shift to the centroid
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < informative; p++) {
                    double v = x[base + p];
                    int off = p * informative;
                    for (int q = 0; q < informative; q++) {
                        row[q] += v * a[off + q];
                    }
                }
                for (int q = 0; q < informative; q++) {
                    x[base + q] = row[q] + centroids[k][q];
                }
            }
            start += perCluster[k];
        }
        for (int i = 0; i < samples; i++) {
            for (int f = informative; f < features; f++) {
                x[i * features + f] = rng.nextGaussian();
            }
        }
        for (int i = 0; i < samples; i++) {
            if (rng.nextDouble() < flipY) {
                y[i] = rng.nextInt(classes);
            }
        }
        int[] order = identity(samples);
        rng.shuffle(order);
        int[] columns = identity(features);
        rng.shuffle(columns);
        float[] xf = new float[samples * features];
        int[] yf = new int[samples];
        for (int i = 0; i < samples; i++) {
            int src = order[i];
            yf[i] = y[src];
            for (int f = 0; f < features; f++) {
                xf[i * features + f] = (float) ((x[src * features + columns[f]] + shift) * scale);
            }
        }
        Shape shape = isSquare(features) ? new Shape(1, (int) Math.sqrt(features), (int) Math.sqrt(features))
                : Shape.vector(features);
        return Dataset.classification(name, shape, xf, yf, classes);
    }

    /** Distinct hypercube vertices with coordinates {@code +-classSep}, one per cluster. */
    private double[][] hypercubeVertices(int clusters, Rng rng) {
        int free = Math.max(0, informative - 30);
        int distinctBits = informative - free;
        Set<Long> seen = new HashSet<>();
        double[][] c = new double[clusters][informative];
        for (int k = 0; k < clusters; k++) {
            for (int d = 0; d < free; d++) {
                c[k][d] = rng.nextInt(2);
            }
            long code;
            do {
                code = rng.nextLong() & ((1L << distinctBits) - 1);
            } while (!seen.add(code));
            for (int b = 0; b < distinctBits; b++) {
                c[k][free + b] = (code >>> (distinctBits - 1 - b)) & 1L;
            }
            for (int d = 0; d < informative; d++) {
                c[k][d] = c[k][d] * 2 * classSep - classSep;
            }
        }
        return c;
    }

    private static boolean isSquare(int n) {
        int r = (int) Math.round(Math.sqrt(n));
        return r * r == n;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
