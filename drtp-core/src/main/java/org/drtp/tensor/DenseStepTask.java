package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FusedDenseStep} on the Vector API, as {@link VectorGemm} computes the unfused products: eight weight rows
 * at a time meet x in {@link SmallGemm#dot}'s order (lane-wise FMA partial sums, one lane reduction, scalar FMA
 * tail), then each row's bias, activation, derivative and scale, then the row's update
 * {@code w += fma(d, x, +0)} exactly as {@link SmallGemm#axpy} adds a rank-1 term, while the rows are in L1.
 * Rows are split over the pool in blocks of eight ({@link #split}), so that a core keeps its rows of W in its own L2
 * call after call, and neighbouring parts sweep away from each other ({@link #descends}). Reused per calling thread; no
 * allocation per call.
 */
final class DenseStepTask implements WorkerPool.Job {

    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int VL = MicroKernel.VL;
    static final int ROWS = 8;
    private static final ThreadLocal<DenseStepTask> LOCAL = ThreadLocal.withInitial(DenseStepTask::new);
    /**
     * A block's pre-activations, padded to whole vectors: at 512 bits a block of eight rows is half a vector, which the
     * vector tanh would leave to its scalar tail, one row at a time (about an eighth of the online step's time, JFR).
     * Per executing thread: parts run on the pool's threads.
     */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(
            () -> new float[(ROWS + VL - 1) / VL * VL]);
    /**
     * Where {@link #dotsOnLines} starts its vectors: the lanes of a vector before the first element of a row that starts
     * a cache line, when the JVM puts every row of a multiple of 16 floats at the same place on its lines
     * ({@link CacheLines}); 0 when it does not, and the rows are read from their first element.
     */
    private static final int SHIFT = CacheLines.FIRST < 0 ? 0 : CacheLines.FIRST % VL;
    /** Lane i of a sum over the line-aligned vectors holds lane (i + SHIFT) mod VL of {@link #dots}' sum; and back. */
    private static final VectorShuffle<Float> TO_LINES = VectorShuffle.fromOp(S, i -> (i + SHIFT) % VL);
    private static final VectorShuffle<Float> FROM_LINES = VectorShuffle.fromOp(S, i -> (i - SHIFT + VL) % VL);
    /** The lanes whose first element lies before the first line-aligned vector. */
    private static final VectorMask<Float> HEAD = S.indexInRange(0, SHIFT);

    private float[] w, b, x, signal, y;
    private int in, out;
    private Activation act;
    private float scale;

    /** Whether rows of a multiple of 16 floats are read on cache lines ({@link #dotsOnLines}) in this JVM. */
    static boolean readsRowsOnLines() {
        return SHIFT > 0;
    }

    static DenseStepTask local() {
        return LOCAL.get();
    }

    /** Points the task at a layer. */
    void set(float[] w, float[] b, float[] x, int in, int out, Activation act, float[] signal, float scale, float[] y) {
        this.w = w;
        this.b = b;
        this.x = x;
        this.in = in;
        this.out = out;
        this.act = act;
        this.signal = signal;
        this.scale = scale;
        this.y = y;
    }

    void clear() {
        w = b = x = signal = y = null;
    }

    /** Most parts: one per block of {@value #ROWS} rows. */
    int maxParts() {
        return blocks(0, out);
    }

    /**
     * The number of parts for {@code cores} threads: one per core, of whole blocks, as even as blocks allow
     * ({@link #firstRow}). The pool hands part 0 to the caller and part 1 to the worker that claims it, so with two
     * cores each core takes the same rows call after call, and its rows of W stay in its L2. Two even parts replaced a
     * sixteenth of the rows kept back for balancing parts once the parts sweep apart ({@link #descends}): the worker's
     * part then no longer trails the caller's (docs/performance.md).
     */
    int split(int cores) {
        return Math.min(cores, maxParts());
    }

    /** The first row of {@code part} of {@code parts} even parts in whole blocks ({@code out} for part = parts). */
    int firstRow(int part, int parts) {
        return Math.min(out, (int) ((long) maxParts() * part / parts) * ROWS);
    }

    /**
     * Whether {@code part} runs its blocks from its last to its first: the even parts do when there are several, the
     * odd ones run upward, so two neighbouring parts start at their shared boundary and move apart. A core's hardware
     * prefetcher runs ahead of its sweep; at the end of an upward part 0 it pulled the first rows of part 1, and the
     * bias, signal and output elements beside them, out of the other core's cache, which took them back at the next
     * call, one cache line at a time (220 ns per line between this VM's two cores). Measured on Zen 5, 496 rows of 784
     * on two threads: the worker's part took 25.6 us against the caller's 17.4 us when both ran upward, 19.9-20.3 us
     * against 18.9-19.1 us like this; online FC_500_FC_10 1.14-1.23x (docs/performance.md). Any order gives the same
     * bits: each row's dot product, epilogue and update depend on that row alone. With more than two parts the
     * boundaries between an odd part and the next still meet at their ends.
     */
    static boolean descends(int part, int parts) {
        return parts > 1 && part % 2 == 0;
    }

    @Override
    public void run(int part, int parts) {
        runRows(firstRow(part, parts), firstRow(part + 1, parts), descends(part, parts));
    }

    /** Points the task at another example of the same layer ({@link DenseStepPipeline}: one task per part). */
    void setExample(float[] x, float[] signal, float[] y) {
        this.x = x;
        this.signal = signal;
        this.y = y;
    }

    /** Rows [r0, r1) ({@code r0} a multiple of {@value #ROWS}), block by block, from the last block if {@code down}. */
    void runRows(int r0, int r1, boolean down) {
        float[] padded = PADDED.get();
        int blocks = blocks(r0, r1);
        for (int k = 0; k < blocks; k++) {
            runBlock(blockRow(r0, blocks, k, down), r1, padded);
        }
    }

    /** Blocks of rows in [r0, r1). */
    static int blocks(int r0, int r1) {
        return (r1 - r0 + ROWS - 1) / ROWS;
    }

    /** The first row of the k-th of {@code blocks} blocks from {@code r0} taken, in descending order if {@code down}. */
    static int blockRow(int r0, int blocks, int k, boolean down) {
        return r0 + (down ? blocks - 1 - k : k) * ROWS;
    }

    /** This thread's scratch block for {@link #runBlock}. */
    static float[] padded() {
        return PADDED.get();
    }

    /**
     * The block of rows from {@code r} (at most {@value #ROWS}, none from {@code end} on): dot products, epilogue, then
     * the update while the rows are in L1.
     */
    void runBlock(int r, int end, float[] padded) {
        int rows = Math.min(ROWS, end - r);
        dots(r, rows);
        epilogue(r, rows, padded);
        if (rows < ROWS) {
            for (int i = r; i < r + rows; i++) {
                update(i, signal[i]);
            }
            return;
        }
        update8(r * in, signal[r], signal[r + 1], signal[r + 2], signal[r + 3], signal[r + 4], signal[r + 5],
                signal[r + 6], signal[r + 7]);
    }

    /**
     * y[r..r+rows) = W[r..r+rows) x, each row as SmallGemm.dot1x4 computes it (rows past {@code rows} re-read the
     * last valid one). Eight rows, eight independent FMA chains: fewer would leave the FMA units waiting on the
     * chains' latency.
     */
    private void dots(int r, int rows) {
        if (SHIFT > 0 && in % CacheLines.FLOATS == 0) {
            dotsOnLines(r, rows);
            return;
        }
        int last = rows - 1;
        int b0 = r * in, b1 = (r + Math.min(1, last)) * in, b2 = (r + Math.min(2, last)) * in;
        int b3 = (r + Math.min(3, last)) * in, b4 = (r + Math.min(4, last)) * in, b5 = (r + Math.min(5, last)) * in;
        int b6 = (r + Math.min(6, last)) * in, b7 = (r + Math.min(7, last)) * in;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int p = 0;
        for (int end = in - VL; p <= end; p += VL) {
            FloatVector xv = FloatVector.fromArray(S, x, p);
            s0 = xv.fma(FloatVector.fromArray(S, w, b0 + p), s0);
            s1 = xv.fma(FloatVector.fromArray(S, w, b1 + p), s1);
            s2 = xv.fma(FloatVector.fromArray(S, w, b2 + p), s2);
            s3 = xv.fma(FloatVector.fromArray(S, w, b3 + p), s3);
            s4 = xv.fma(FloatVector.fromArray(S, w, b4 + p), s4);
            s5 = xv.fma(FloatVector.fromArray(S, w, b5 + p), s5);
            s6 = xv.fma(FloatVector.fromArray(S, w, b6 + p), s6);
            s7 = xv.fma(FloatVector.fromArray(S, w, b7 + p), s7);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD), t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD), t3 = s3.reduceLanes(VectorOperators.ADD);
        float t4 = s4.reduceLanes(VectorOperators.ADD), t5 = s5.reduceLanes(VectorOperators.ADD);
        float t6 = s6.reduceLanes(VectorOperators.ADD), t7 = s7.reduceLanes(VectorOperators.ADD);
        for (; p < in; p++) {
            float xp = x[p];
            t0 = Math.fma(xp, w[b0 + p], t0);
            t1 = Math.fma(xp, w[b1 + p], t1);
            t2 = Math.fma(xp, w[b2 + p], t2);
            t3 = Math.fma(xp, w[b3 + p], t3);
            t4 = Math.fma(xp, w[b4 + p], t4);
            t5 = Math.fma(xp, w[b5 + p], t5);
            t6 = Math.fma(xp, w[b6 + p], t6);
            t7 = Math.fma(xp, w[b7 + p], t7);
        }
        store(r, rows, t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /**
     * {@link #dots} with every load of W and x on one cache line, for rows of a multiple of 16 floats that all start
     * {@link #SHIFT} lanes before a line: with 512-bit vectors, {@link #dots} reads each row from its first element,
     * so every vector it loads spans two lines. Same bits: each lane of {@link #dots}' sums meets the same elements
     * in the same order, here in rotated lanes. The first {@link #SHIFT} elements of a row (the first term of their
     * lanes) start the sums, then come the aligned vectors, then the last {@code VL - SHIFT} elements (the last term
     * of theirs), after the lanes are rotated back; the lane reduction is {@link #dots}' own. Measured on Zen 5
     * (AVX-512), the fused step 1.07-1.10x faster on one thread (125-500 rows of 784), 1.15-1.43x on two threads for
     * 1000 and 2000 rows; about even for 500 rows on two threads (docs/performance.md).
     */
    private void dotsOnLines(int r, int rows) {
        int last = rows - 1;
        int b0 = r * in, b1 = (r + Math.min(1, last)) * in, b2 = (r + Math.min(2, last)) * in;
        int b3 = (r + Math.min(3, last)) * in, b4 = (r + Math.min(4, last)) * in, b5 = (r + Math.min(5, last)) * in;
        int b6 = (r + Math.min(6, last)) * in, b7 = (r + Math.min(7, last)) * in;
        FloatVector zero = FloatVector.zero(S);
        FloatVector xv = FloatVector.fromArray(S, x, 0);
        FloatVector s0 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b0), zero), HEAD).rearrange(TO_LINES);
        FloatVector s1 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b1), zero), HEAD).rearrange(TO_LINES);
        FloatVector s2 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b2), zero), HEAD).rearrange(TO_LINES);
        FloatVector s3 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b3), zero), HEAD).rearrange(TO_LINES);
        FloatVector s4 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b4), zero), HEAD).rearrange(TO_LINES);
        FloatVector s5 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b5), zero), HEAD).rearrange(TO_LINES);
        FloatVector s6 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b6), zero), HEAD).rearrange(TO_LINES);
        FloatVector s7 = zero.blend(xv.fma(FloatVector.fromArray(S, w, b7), zero), HEAD).rearrange(TO_LINES);
        int end = in - VL;
        for (int p = SHIFT; p <= end; p += VL) {
            xv = FloatVector.fromArray(S, x, p);
            s0 = xv.fma(FloatVector.fromArray(S, w, b0 + p), s0);
            s1 = xv.fma(FloatVector.fromArray(S, w, b1 + p), s1);
            s2 = xv.fma(FloatVector.fromArray(S, w, b2 + p), s2);
            s3 = xv.fma(FloatVector.fromArray(S, w, b3 + p), s3);
            s4 = xv.fma(FloatVector.fromArray(S, w, b4 + p), s4);
            s5 = xv.fma(FloatVector.fromArray(S, w, b5 + p), s5);
            s6 = xv.fma(FloatVector.fromArray(S, w, b6 + p), s6);
            s7 = xv.fma(FloatVector.fromArray(S, w, b7 + p), s7);
        }
        xv = FloatVector.fromArray(S, x, end);
        s0 = s0.rearrange(FROM_LINES);
        s0 = xv.fma(FloatVector.fromArray(S, w, b0 + end), s0).blend(s0, HEAD);
        s1 = s1.rearrange(FROM_LINES);
        s1 = xv.fma(FloatVector.fromArray(S, w, b1 + end), s1).blend(s1, HEAD);
        s2 = s2.rearrange(FROM_LINES);
        s2 = xv.fma(FloatVector.fromArray(S, w, b2 + end), s2).blend(s2, HEAD);
        s3 = s3.rearrange(FROM_LINES);
        s3 = xv.fma(FloatVector.fromArray(S, w, b3 + end), s3).blend(s3, HEAD);
        s4 = s4.rearrange(FROM_LINES);
        s4 = xv.fma(FloatVector.fromArray(S, w, b4 + end), s4).blend(s4, HEAD);
        s5 = s5.rearrange(FROM_LINES);
        s5 = xv.fma(FloatVector.fromArray(S, w, b5 + end), s5).blend(s5, HEAD);
        s6 = s6.rearrange(FROM_LINES);
        s6 = xv.fma(FloatVector.fromArray(S, w, b6 + end), s6).blend(s6, HEAD);
        s7 = s7.rearrange(FROM_LINES);
        s7 = xv.fma(FloatVector.fromArray(S, w, b7 + end), s7).blend(s7, HEAD);
        store(r, rows, s0.reduceLanes(VectorOperators.ADD), s1.reduceLanes(VectorOperators.ADD),
                s2.reduceLanes(VectorOperators.ADD), s3.reduceLanes(VectorOperators.ADD),
                s4.reduceLanes(VectorOperators.ADD), s5.reduceLanes(VectorOperators.ADD),
                s6.reduceLanes(VectorOperators.ADD), s7.reduceLanes(VectorOperators.ADD));
    }

    /** The block's dot products into y[r..r+rows). */
    private void store(int r, int rows, float t0, float t1, float t2, float t3, float t4, float t5, float t6, float t7) {
        y[r] = t0;
        if (rows == ROWS) {
            y[r + 1] = t1;
            y[r + 2] = t2;
            y[r + 3] = t3;
            y[r + 4] = t4;
            y[r + 5] = t5;
            y[r + 6] = t6;
            y[r + 7] = t7;
            return;
        }
        float[] tail = {t1, t2, t3, t4, t5, t6}; // a partial last block only: once per call
        System.arraycopy(tail, 0, y, r + 1, rows - 1);
    }

    /**
     * Bias, activation, derivative through the output, scale, for rows [r, r+rows): the unfused layer's element-wise
     * passes on one block, the activation by the same {@link Activation#apply} (lane-wise) on the block padded to whole
     * vectors; the padding lanes hold stale values and are never used.
     */
    private void epilogue(int r, int rows, float[] padded) {
        int end = r + rows;
        for (int i = 0; i < rows; i++) {
            padded[i] = y[r + i] + b[r + i];
        }
        act.apply(padded, 0, padded.length);
        System.arraycopy(padded, 0, y, r, rows);
        for (int i = r; i < end; i++) {
            float v = y[i];
            float d = signal[i];
            switch (act) {
                case TANH -> d *= 1f - v * v;
                case SIGMOID -> d *= v * (1f - v);
                case RELU -> {
                    if (!(v > 0f)) {
                        d = 0f;
                    }
                }
                case NONE -> {
                }
            }
            d *= scale;
            signal[i] = d;
            b[i] += d;
        }
    }

    /** W[i] += fma(d, x, +0), element by element as SmallGemm.axpy accumulates a rank-1 term. */
    private void update(int i, float d) {
        int base = i * in;
        FloatVector dv = FloatVector.broadcast(S, d);
        FloatVector zero = FloatVector.zero(S);
        int head = CacheLines.vectorStart(base, base + in) - base;
        for (int j = 0; j < head; j++) {
            w[base + j] = w[base + j] + Math.fma(d, x[j], 0f);
        }
        int j = head;
        for (int end = in - VL; j <= end; j += VL) {
            FloatVector t = dv.fma(FloatVector.fromArray(S, x, j), zero);
            FloatVector.fromArray(S, w, base + j).add(t).intoArray(w, base + j);
        }
        for (; j < in; j++) {
            w[base + j] = w[base + j] + Math.fma(d, x[j], 0f);
        }
    }

    /** {@link #update} for eight consecutive rows from {@code base}, one load of x serving all eight. */
    private void update8(int base, float d0, float d1, float d2, float d3, float d4, float d5, float d6, float d7) {
        FloatVector v0 = FloatVector.broadcast(S, d0), v1 = FloatVector.broadcast(S, d1);
        FloatVector v2 = FloatVector.broadcast(S, d2), v3 = FloatVector.broadcast(S, d3);
        FloatVector v4 = FloatVector.broadcast(S, d4), v5 = FloatVector.broadcast(S, d5);
        FloatVector v6 = FloatVector.broadcast(S, d6), v7 = FloatVector.broadcast(S, d7);
        FloatVector zero = FloatVector.zero(S);
        int n = in;
        // The first row's vectors start on a cache line (every row's when n is a multiple of 16, as 784).
        int head = CacheLines.vectorStart(base, base + n) - base;
        for (int j = 0; j < head; j++) {
            updateColumn8(base + j, x[j], n, d0, d1, d2, d3, d4, d5, d6, d7);
        }
        int j = head;
        for (int end = n - VL; j <= end; j += VL) {
            FloatVector xv = FloatVector.fromArray(S, x, j);
            int o = base + j;
            FloatVector.fromArray(S, w, o).add(v0.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v1.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v2.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v3.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v4.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v5.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v6.fma(xv, zero)).intoArray(w, o);
            o += n;
            FloatVector.fromArray(S, w, o).add(v7.fma(xv, zero)).intoArray(w, o);
        }
        for (; j < n; j++) {
            updateColumn8(base + j, x[j], n, d0, d1, d2, d3, d4, d5, d6, d7);
        }
    }

    /** One column {@code o} of the eight rows: {@code w += fma(d, x_j, +0)}, the vector loop's lanes one by one. */
    private void updateColumn8(int o, float xj, int n, float d0, float d1, float d2, float d3, float d4, float d5,
                               float d6, float d7) {
        w[o] = w[o] + Math.fma(d0, xj, 0f);
        w[o + n] = w[o + n] + Math.fma(d1, xj, 0f);
        w[o + 2 * n] = w[o + 2 * n] + Math.fma(d2, xj, 0f);
        w[o + 3 * n] = w[o + 3 * n] + Math.fma(d3, xj, 0f);
        w[o + 4 * n] = w[o + 4 * n] + Math.fma(d4, xj, 0f);
        w[o + 5 * n] = w[o + 5 * n] + Math.fma(d5, xj, 0f);
        w[o + 6 * n] = w[o + 6 * n] + Math.fma(d6, xj, 0f);
        w[o + 7 * n] = w[o + 7 * n] + Math.fma(d7, xj, 0f);
    }
}
