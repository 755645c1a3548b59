package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FusedDenseStep} on the Vector API, as {@link VectorGemm} computes the unfused products: four weight rows
 * at a time meet x in {@link SmallGemm#dot}'s order (lane-wise FMA partial sums, one lane reduction, scalar FMA
 * tail), then each row's bias, activation, derivative and scale, then the row's update
 * {@code w += fma(d, x, +0)} exactly as {@link SmallGemm#axpy} adds a rank-1 term, while the rows are in L1.
 * Rows are split over the pool as the unfused forward and update split them, so that a core keeps its rows of
 * W in its own L2 call after call. Reused per calling thread; no allocation per call.
 */
final class DenseStepTask implements WorkerPool.Job {

    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int VL = MicroKernel.VL;
    private static final int ROWS = SmallGemm.DOT_BLOCK;
    private static final ThreadLocal<DenseStepTask> LOCAL = ThreadLocal.withInitial(DenseStepTask::new);

    private float[] w, b, x, signal, y;
    private int in, out;
    private Activation act;
    private float scale;

    static DenseStepTask local() {
        return LOCAL.get();
    }

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

    /** Most parts: one per block of {@value SmallGemm#DOT_BLOCK} rows. */
    int maxParts() {
        return (out + ROWS - 1) / ROWS;
    }

    @Override
    public void run(int part, int parts) {
        int blocks = maxParts();
        int r0 = Math.min(out, (int) ((long) blocks * part / parts) * ROWS);
        int r1 = Math.min(out, (int) ((long) blocks * (part + 1) / parts) * ROWS);
        for (int r = r0; r < r1; r += ROWS) {
            int rows = Math.min(ROWS, r1 - r);
            dots(r, rows);
            for (int i = r; i < r + rows; i++) {
                float d = epilogue(i);
                update(i, d);
            }
        }
    }

    /** y[r..r+rows) = W[r..r+rows) x, as SmallGemm.dot1x4 (rows past {@code rows} re-read the last valid one). */
    private void dots(int r, int rows) {
        int b0 = r * in, b1 = (r + Math.min(1, rows - 1)) * in, b2 = (r + Math.min(2, rows - 1)) * in;
        int b3 = (r + Math.min(3, rows - 1)) * in;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (int end = in - VL; p <= end; p += VL) {
            FloatVector xv = FloatVector.fromArray(S, x, p);
            s0 = xv.fma(FloatVector.fromArray(S, w, b0 + p), s0);
            s1 = xv.fma(FloatVector.fromArray(S, w, b1 + p), s1);
            s2 = xv.fma(FloatVector.fromArray(S, w, b2 + p), s2);
            s3 = xv.fma(FloatVector.fromArray(S, w, b3 + p), s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD), t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD), t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < in; p++) {
            float xp = x[p];
            t0 = Math.fma(xp, w[b0 + p], t0);
            t1 = Math.fma(xp, w[b1 + p], t1);
            t2 = Math.fma(xp, w[b2 + p], t2);
            t3 = Math.fma(xp, w[b3 + p], t3);
        }
        y[r] = t0;
        if (rows > 1) {
            y[r + 1] = t1;
        }
        if (rows > 2) {
            y[r + 2] = t2;
        }
        if (rows > 3) {
            y[r + 3] = t3;
        }
    }

    /** Bias, activation, derivative through the output, scale: the unfused layer's element-wise passes, one row. */
    private float epilogue(int i) {
        float v = y[i] + b[i];
        v = switch (act) {
            case TANH -> FastMath.tanh(v);
            case SIGMOID -> FastMath.sigmoid(v);
            case RELU -> Math.max(v, 0f);
            case NONE -> v;
        };
        y[i] = v;
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
        return d;
    }

    /** W[i] += fma(d, x, +0), element by element as SmallGemm.axpy accumulates a rank-1 term. */
    private void update(int i, float d) {
        int base = i * in;
        FloatVector dv = FloatVector.broadcast(S, d);
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (int end = in - VL; j <= end; j += VL) {
            FloatVector t = dv.fma(FloatVector.fromArray(S, x, j), zero);
            FloatVector.fromArray(S, w, base + j).add(t).intoArray(w, base + j);
        }
        for (; j < in; j++) {
            w[base + j] = w[base + j] + Math.fma(d, x[j], 0f);
        }
    }
}
