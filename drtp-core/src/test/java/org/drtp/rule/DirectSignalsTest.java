package org.drtp.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;

/** The signals of DFA, sDFA and DRTP, checked against explicit matrix products computed here. */
class DirectSignalsTest {

    /** A context with a given error and targets; propagating backwards is not allowed. */
    private record FixedContext(int n, int outputs, float[] targets, int[] labels, float[] error) implements SignalContext {
        @Override
        public int batchSize() {
            return n;
        }

        @Override
        public int outputSize() {
            return outputs;
        }

        @Override
        public float[] outputError() {
            if (error == null) {
                throw new IllegalStateException("no output yet");
            }
            return error;
        }

        @Override
        public void propagateFromAbove(int k, float[] matrix, float[] dy) {
            throw new IllegalStateException("direct rules must not send signals backwards");
        }
    }

    private static final Network NET = TestNets.net("FC_7_FC_5_FC_3", 4, NetworkOptions.defaults(), 5);

    /** dy = v B computed with plain loops in double. */
    private static float[] times(float[] v, int n, int c, FeedbackMatrix b) {
        int s = b.values().length / c;
        float[] out = new float[n * s];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < s; j++) {
                double sum = 0;
                for (int q = 0; q < c; q++) {
                    sum += (double) v[i * c + q] * b.values()[q * s + j];
                }
                out[i * s + j] = (float) sum;
            }
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }

    @Test
    void drtpSignalIsTheTargetTimesBAndNeedsNoOutput() {
        DirectRandomTargetProjection drtp = new DirectRandomTargetProjection();
        drtp.initialise(NET, new Rng(3));
        TestNets.Batch b = TestNets.batch(4, 4, 3, 8);
        SignalContext ctx = new FixedContext(4, 3, b.targets(), b.labels(), null);
        for (int k = 0; k < 2; k++) {
            FeedbackMatrix m = drtp.feedbackMatrices().get(k);
            float[] dy = new float[4 * NET.layer(k).signalShape().size()];
            drtp.hiddenSignal(k, ctx, dy);
            assertArrayEquals(times(b.targets(), 4, 3, m), dy, 0f, "one-hot times B is an exact row copy");
        }
    }

    @Test
    void drtpProjectsRegressionTargetsWithAMatrixProduct() {
        DirectRandomTargetProjection drtp = new DirectRandomTargetProjection();
        drtp.initialise(NET, new Rng(3));
        float[] t = {0.5f, -1f, 2f, 0.25f, 0f, -0.75f};
        float[] dy = new float[2 * 7];
        drtp.hiddenSignal(0, new FixedContext(2, 3, t, null, null), dy);
        assertClose(times(t, 2, 3, drtp.feedbackMatrices().get(0)), dy);
    }

    @Test
    void dfaSignalIsTheErrorTimesB() {
        DirectFeedbackAlignment dfa = new DirectFeedbackAlignment();
        dfa.initialise(NET, new Rng(3));
        float[] e = {0.3f, -0.2f, 0.9f, -0.4f, 0.1f, 0f};
        float[] dy = new float[2 * 5];
        dfa.hiddenSignal(1, new FixedContext(2, 3, new float[6], new int[2], e), dy);
        assertClose(times(e, 2, 3, dfa.feedbackMatrices().get(1)), dy);
    }

    @Test
    void sdfaIsDfaOnTheSignOfTheError() {
        ErrorSignDirectFeedbackAlignment sdfa = new ErrorSignDirectFeedbackAlignment();
        DirectFeedbackAlignment dfa = new DirectFeedbackAlignment();
        sdfa.initialise(NET, new Rng(3));
        dfa.initialise(NET, new Rng(3));
        float[] e = {0.3f, -0.2f, 0.9f, -0.4f, 0.1f, 0f};
        float[] sign = {1f, -1f, 1f, -1f, 1f, 0f};
        for (int k = 0; k < 2; k++) {
            int s = NET.layer(k).signalShape().size();
            float[] a = new float[2 * s];
            float[] b = new float[2 * s];
            sdfa.hiddenSignal(k, new FixedContext(2, 3, new float[6], new int[2], e), a);
            dfa.hiddenSignal(k, new FixedContext(2, 3, new float[6], new int[2], sign), b);
            assertArrayEquals(b, a);
        }
    }

    @Test
    void directFeedbackHasShapeClassesByUnitsAndIsFixedBySeed() {
        DirectRandomTargetProjection a = new DirectRandomTargetProjection();
        DirectRandomTargetProjection b = new DirectRandomTargetProjection();
        a.initialise(NET, new Rng(3));
        b.initialise(NET, new Rng(3));
        assertEquals(2, a.feedbackMatrices().size());
        assertArrayEquals(new int[] {3, 7}, a.feedbackMatrices().get(0).shape());
        assertArrayEquals(new int[] {3, 5}, a.feedbackMatrices().get(1).shape());
        assertArrayEquals(a.feedbackMatrices().get(1).values(), b.feedbackMatrices().get(1).values());
        for (FeedbackMatrix m : a.feedbackMatrices()) {
            double bound = Math.sqrt(6.0 / m.shape()[1]);
            for (float v : m.values()) {
                org.junit.jupiter.api.Assertions.assertTrue(Math.abs(v) <= bound);
            }
        }
    }

    @Test
    void dfaNeedsTheOutputSoItIsUpdateLockedAndDrtpIsNot() {
        assertEquals(true, new DirectFeedbackAlignment().isUpdateLocked());
        assertEquals(true, new ErrorSignDirectFeedbackAlignment().isUpdateLocked());
        assertEquals(false, new DirectRandomTargetProjection().isUpdateLocked());
        DirectFeedbackAlignment dfa = new DirectFeedbackAlignment();
        dfa.initialise(NET, new Rng(3));
        assertThrows(IllegalStateException.class,
                () -> dfa.hiddenSignal(0, new FixedContext(1, 3, new float[3], new int[1], null), new float[7]));
    }
}
