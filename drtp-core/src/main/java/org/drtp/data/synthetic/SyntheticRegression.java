package org.drtp.data.synthetic;

import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;

/**
 * The paper's synthetic regression task (section 4.1, figure 2; the authors' {@code synth_dataset_gen.py}):
 * each example draws a mean {@code mu ~ U(-pi, pi)}, its 256 inputs are {@code x_i ~ N(mu, 1)}, and its
 * 10 targets are {@code t_j = cos(mean(x) + phi_j)} with {@code phi_j = -pi/2 + j pi/9}, j = 0..9
 * (the reference writes {@code pi (j - 4.5) / 9}, the same phases). 5,000 training and 1,000 test
 * examples; inputs shaped 1x16x16 as the reference stores them.
 */
public final class SyntheticRegression {

    /** Input values per example (16 x 16). */
    public static final int FEATURES = 256;
    /** Number of targets. */
    public static final int TARGETS = 10;
    public static final int TRAIN = 5_000;
    public static final int TEST = 1_000;
    /** Seed of the registered dataset, so that every run sees the same examples. */
    public static final long DEFAULT_SEED = 0;

    private SyntheticRegression() {
    }

    /** The paper's split (5k / 1k) from the default seed. */
    public static TrainTest paper() {
        return generate(TRAIN, TEST, DEFAULT_SEED);
    }

    /** Generates {@code nTrain + nTest} examples from {@code seed}; train and test are independent draws. */
    public static TrainTest generate(int nTrain, int nTest, long seed) {
        if (nTrain <= 0 || nTest <= 0) {
            throw new InvalidSettingException("synthetic-regression: train and test sizes must be positive, got "
                    + nTrain + " and " + nTest);
        }
        return new TrainTest(draw("synthetic-regression/train", nTrain, Rng.forComponent(seed, 0, RandomStream.REGRESSION_TRAIN)),
                draw("synthetic-regression/test", nTest, Rng.forComponent(seed, 0, RandomStream.REGRESSION_TEST)));
    }

    /** Phase of target {@code j}: {@code -pi/2 + j pi / 9}. */
    public static double phase(int j) {
        return -Math.PI / 2 + j * Math.PI / 9;
    }

    private static Dataset draw(String name, int n, Rng rng) {
        float[] x = new float[n * FEATURES];
        float[] t = new float[n * TARGETS];
        for (int i = 0; i < n; i++) {
            double mu = Math.PI * (2 * rng.nextDouble() - 1);
            double sum = 0;
            for (int f = 0; f < FEATURES; f++) {
                float v = (float) (mu + rng.nextGaussian());
                x[i * FEATURES + f] = v;
                sum += v; // the mean of the stored (float) inputs, so targets follow exactly from x
            }
            double mean = sum / FEATURES;
            for (int j = 0; j < TARGETS; j++) {
                t[i * TARGETS + j] = (float) Math.cos(mean + phase(j));
            }
        }
        return Dataset.regression(name, new Shape(1, 16, 16), x, t, TARGETS);
    }
}
