package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorGemm#forwardUpdateSequence} ({@link DenseStepPipeline}) learns bit for bit what one
 * {@link VectorGemm#forwardUpdate} per example learns, and hands the outputs over in order: on one to three cores,
 * for sequences shorter than a group, across group and chunk boundaries, with the caller running parts whose workers
 * never start, and when the consumer throws.
 */
class DenseStepPipelineTest {

    /** {in, out}: rows on cache lines or not, a partial last block, fewer blocks than threads. */
    private static final int[][] SHAPES = {{784, 500}, {37, 13}, {48, 17}, {16, 8}, {64, 130}};
    private static final int[] COUNTS = {1, 5, DenseStepPipeline.GROUP + 1, 3 * DenseStepPipeline.RING + 7,
        DenseStepPipeline.CHUNK + DenseStepPipeline.GROUP + 3};

    @Test
    void equalsOneCallPerExampleBitForBit() {
        Random r = new Random(5);
        for (int[] shape : SHAPES) {
            for (Activation act : Activation.values()) {
                for (VectorGemm gemm : new VectorGemm[] {new VectorGemm(1), new VectorGemm(2, 1), new VectorGemm(3, 1)}) {
                    int count = COUNTS[r.nextInt(COUNTS.length)];
                    check(shape[0], shape[1], act, count, r, gemm + " " + act,
                            (w, b, s, ex, out) -> gemm.forwardUpdateSequence(w, b, shape[0], shape[1], act, s, count, ex, out));
                }
            }
        }
    }

    @Test
    void everyCountAcrossGroupsAndChunks() {
        Random r = new Random(6);
        VectorGemm gemm = new VectorGemm(2, 1);
        for (int count : COUNTS) {
            check(784, 500, Activation.TANH, count, r, count + " examples",
                    (w, b, s, ex, out) -> gemm.forwardUpdateSequence(w, b, 784, 500, Activation.TANH, s, count, ex, out));
        }
    }

    /** The pool's worker never claims its part: the caller runs that part's groups itself, the same bits. */
    @Test
    void theCallerRunsThePartsWhoseWorkersNeverStart() {
        Random r = new Random(7);
        for (int parts = 2; parts <= 3; parts++) {
            DenseStepPipeline pipeline = DenseStepPipeline.local(784, 500, parts);
            for (int count : COUNTS) {
                check(784, 500, Activation.SIGMOID, count, r, parts + " parts, " + count + " examples",
                        (w, b, s, ex, out) -> pipeline.runWithoutWorkers(w, b, Activation.SIGMOID, s, count, ex, out));
            }
        }
    }

    /** A consumer that throws stops the sequence (no thread left waiting), and the next sequence runs normally. */
    @Test
    void aThrowingConsumerStopsTheSequence() {
        VectorGemm gemm = new VectorGemm(2, 1);
        Random r = new Random(8);
        float[] w = random(r, 784 * 500), b = random(r, 500);
        float[] xs = random(r, 300 * 784), signals = random(r, 300 * 500);
        IllegalStateException stop = new IllegalStateException("stop");
        List<Integer> seen = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> gemm.forwardUpdateSequence(w, b,
                784, 500, Activation.TANH, -0.01f, 300, examples(xs, signals, 784, 500), (t, y) -> {
                    seen.add(t);
                    if (t == 40) {
                        throw stop;
                    }
                }));
        assertSame(stop, thrown);
        assertEquals(41, seen.size());
        check(784, 500, Activation.TANH, 100, r, "after a failed sequence",
                (w2, b2, s, ex, out) -> gemm.forwardUpdateSequence(w2, b2, 784, 500, Activation.TANH, s, 100, ex, out));
    }

    /** The split moves one block at a time towards the side that waited, and only past one block's cost. */
    @Test
    void theSplitMovesTowardsTheSideThatWaited() {
        DenseStepPipeline p = new DenseStepPipeline(784, 496, 2);
        int even = p.firstRow(1);
        assertEquals(31 * DenseStepTask.ROWS, even, "62 blocks, two parts");
        long elapsed = 62_000; // one block: 2000 per chunk
        p.rebalance(elapsed, 1_500, 0);
        assertEquals(even, p.firstRow(1), "the caller waited less than one block's cost");
        p.rebalance(elapsed, 3_000, 0);
        assertEquals(even + DenseStepTask.ROWS, p.firstRow(1), "the mean wait (2250) passed one block: the caller takes one");
        p.rebalance(elapsed, 0, 5_000);
        assertEquals(even, p.firstRow(1), "the worker waited: the caller gives the block back");
        for (int i = 0; i < 100; i++) {
            p.rebalance(elapsed, 0, 5_000);
        }
        assertEquals(DenseStepTask.ROWS, p.firstRow(1), "the caller keeps one block at least");
        assertEquals(496, p.firstRow(2));
    }

    @FunctionalInterface
    private interface Sequence {
        void run(float[] w, float[] b, float scale, FusedDenseStep.Examples examples, FusedDenseStep.Outputs outputs);
    }

    /** Runs {@code count} examples through {@code sequence} and through one forwardUpdate each; compares everything. */
    private static void check(int in, int out, Activation act, int count, Random r, String what, Sequence sequence) {
        float[] w = random(r, in * out), b = random(r, out);
        float[] xs = random(r, count * in), signals = random(r, count * out);
        xs[0] = 0f;
        float scale = -0.01f;

        float[] w1 = w.clone(), b1 = b.clone(), y1 = new float[count * out];
        VectorGemm one = new VectorGemm(1);
        float[] x = new float[in], s = new float[out], y = new float[out];
        for (int t = 0; t < count; t++) {
            System.arraycopy(xs, t * in, x, 0, in);
            System.arraycopy(signals, t * out, s, 0, out);
            one.forwardUpdate(w1, b1, x, in, out, act, s, scale, y);
            System.arraycopy(y, 0, y1, t * out, out);
        }

        float[] w2 = w.clone(), b2 = b.clone(), y2 = new float[count * out];
        int[] next = {0};
        sequence.run(w2, b2, scale, examples(xs, signals, in, out), (t, yt) -> {
            assertEquals(next[0]++, t, what + ": outputs in order");
            System.arraycopy(yt, 0, y2, t * out, out);
        });
        assertEquals(count, next[0], what + ": every output handed over");
        assertArrayEquals(y1, y2, what + ": outputs");
        assertArrayEquals(w1, w2, what + ": weights");
        assertArrayEquals(b1, b2, what + ": biases");
    }

    private static FusedDenseStep.Examples examples(float[] xs, float[] signals, int in, int out) {
        return (part, t, x, signal) -> {
            System.arraycopy(xs, t * in, x, 0, in);
            System.arraycopy(signals, t * out, signal, 0, out);
        };
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * 0.1f;
        }
        return a;
    }
}
