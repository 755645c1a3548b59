package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API 2x2 max-pooling: VL windows of a row pair at a time, the same values as {@link MaxPool2x2}'s scalar
 * loops, bit for bit. Why: in the conv net's BP epoch the scalar backward took 3.6-6.0 s of 39-52 s and the forward
 * 1.0-1.2 s (docs/results.md, epoch accounting; docs/performance.md).
 *
 * <p>Forward: the vertical maximum of the two rows, then of each lane with its pair partner (a lane swap), the pairs'
 * maxima compacted into one vector (two permutes and a blend): {@code max(max(a, x), max(b, y))}, which equals the
 * scalar {@code max(max(a, b), max(x, y))} since {@code Math.max} is exact, treats -0 below +0 in any order and turns
 * any NaN into NaN. Backward: each window's maximum and gradient are duplicated onto its two lanes of each row; a lane
 * receives the gradient when it is the window's first maximum in row-major order, which needs its pair partner's
 * equality (one lane swap per row) and, for the second row, whether the first row held the maximum. A row pair whose
 * windows hold a NaN maximum goes to the scalar loop (PyTorch routes to the last NaN, rare: training has diverged).
 * Measured on Zen 3 AVX2 (a batch of 60 x 32 planes of 28 x 28, one thread, alternating): forward 0.39-0.57 of the
 * scalar loop's time, backward 0.54-0.62. The last vector is placed at the row's end, overlapping the previous one (it
 * writes the same values again), so no scalar tail remains. Rows of half a vector of windows up to one take their own
 * loops ({@link #forwardShortRows}); shorter rows are scalar.
 */
public final class VectorPooling implements PoolingKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    /**
     * Compaction of the pairs' maxima (held on both lanes of each pair): the even lanes of a vector, in order, on both
     * halves; the first vector's low half and the second's high half are then blended. Single-vector rearranges and a
     * blend, which C2 compiles to permutes on Java 17, where the two-vector rearrange ran 2-4x slower than the scalar
     * loops.
     */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> (2 * i) % S.length());
    private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(S, -1L << (S.length() / 2));
    /** Lane i takes window i/2 (LOW) or VL/2 + i/2 (HIGH): a window's value on both lanes of its pair. */
    private static final VectorShuffle<Float> LOW = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> HIGH = VectorShuffle.fromOp(S, i -> VL / 2 + i / 2);
    /** Swaps the two lanes of every pair. */
    private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromLong(S, 0x5555555555555555L);
    /** Windows in one vector of inputs: the least a row needs for {@link #forwardShortRows}. */
    private static final int HALF = VL / 2;

    @Override
    public void forward(float[] in, int inOff, int h, int w, float[] out, int outOff) {
        int ph = h / 2, pw = w / 2;
        if (pw < VL) {
            if (pw >= HALF && ph > 1) {
                forwardShortRows(in, inOff, h, w, out, outOff);
            } else {
                MaxPool2x2.forwardScalar(in, inOff, h, w, out, outOff);
            }
            return;
        }
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w, r1 = r0 + w, o = outOff + i * pw;
            for (int j = 0; ; j += VL) {
                int j0 = Math.min(j, pw - VL), c = 2 * j0;
                FloatVector v0 = FloatVector.fromArray(S, in, r0 + c).max(FloatVector.fromArray(S, in, r1 + c));
                FloatVector v1 = FloatVector.fromArray(S, in, r0 + c + VL).max(FloatVector.fromArray(S, in, r1 + c + VL));
                FloatVector p0 = v0.max(v0.rearrange(SWAP)), p1 = v1.max(v1.rearrange(SWAP));
                p0.rearrange(EVENS).blend(p1.rearrange(EVENS), HIGH_HALF).intoArray(out, o + j0);
                if (j0 == pw - VL) {
                    break;
                }
            }
        }
    }

    @Override
    public void backward(float[] in, int inOff, int h, int w, float[] dOut, int outOff, float[] dIn, int dInOff) {
        int ph = h / 2, pw = w / 2;
        if (pw < VL) {
            if (pw >= HALF && ph > 1) {
                backwardShortRows(in, inOff, h, w, dOut, outOff, dIn, dInOff);
            } else {
                MaxPool2x2.backwardScalar(in, inOff, h, w, dOut, outOff, dIn, dInOff);
            }
            return;
        }
        for (int i = 0; i < ph; i++) {
            int r0 = inOff + 2 * i * w, r1 = r0 + w, d0 = dInOff + 2 * i * w, d1 = d0 + w, o = outOff + i * pw;
            for (int j = 0; ; j += VL) {
                int j0 = Math.min(j, pw - VL), c = 2 * j0;
                FloatVector a0 = FloatVector.fromArray(S, in, r0 + c), a1 = FloatVector.fromArray(S, in, r0 + c + VL);
                FloatVector b0 = FloatVector.fromArray(S, in, r1 + c), b1 = FloatVector.fromArray(S, in, r1 + c + VL);
                FloatVector v0 = a0.max(b0), v1 = a1.max(b1);
                FloatVector p0 = v0.max(v0.rearrange(SWAP)), p1 = v1.max(v1.rearrange(SWAP));
                FloatVector m = p0.rearrange(EVENS).blend(p1.rearrange(EVENS), HIGH_HALF);
                float sum = m.reduceLanes(VectorOperators.ADD);
                if (sum != sum) { // a NaN maximum (or +inf beside -inf, which the scalar loop routes just as well)
                    MaxPool2x2.backwardWindows(in, r0, r1, dOut, o, dIn, d0, d1, j0, j0 + VL);
                } else {
                    FloatVector g = FloatVector.fromArray(S, dOut, o + j0);
                    FloatVector mLow = m.rearrange(LOW), mHigh = m.rearrange(HIGH);
                    FloatVector gLow = g.rearrange(LOW), gHigh = g.rearrange(HIGH);
                    // First row (a, b pairs): a lane keeps g when it equals the maximum and, for b, a does not
                    // (the partner swapped onto the odd lanes, NaN on the even ones, where it equals nothing).
                    // Second row (x, y pairs): x keeps g when it equals the maximum and neither a nor b does; y when
                    // none of a, b, x does (then y is the maximum; if y is not, one of them is, so "y equals the
                    // maximum" can be asked of y too). Only compares and blends, written out twice (the two halves of
                    // the windows): on Java 17 mask logic, anyTrue and helpers taking vectors were not always
                    // compiled to vector code here, and the backward then ran 2x slower than the scalar loop.
                    gLow.blend(0f, a0.compare(VectorOperators.NE, mLow))
                            .blend(0f, a0.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, mLow))
                            .intoArray(dIn, d0 + c);
                    gLow.blend(0f, b0.compare(VectorOperators.NE, mLow))
                            .blend(0f, a0.compare(VectorOperators.EQ, mLow))
                            .blend(0f, a0.rearrange(SWAP).compare(VectorOperators.EQ, mLow))
                            .blend(0f, b0.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, mLow))
                            .intoArray(dIn, d1 + c);
                    gHigh.blend(0f, a1.compare(VectorOperators.NE, mHigh))
                            .blend(0f, a1.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, mHigh))
                            .intoArray(dIn, d0 + c + VL);
                    gHigh.blend(0f, b1.compare(VectorOperators.NE, mHigh))
                            .blend(0f, a1.compare(VectorOperators.EQ, mHigh))
                            .blend(0f, a1.rearrange(SWAP).compare(VectorOperators.EQ, mHigh))
                            .blend(0f, b1.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, mHigh))
                            .intoArray(dIn, d1 + c + VL);
                }
                if (j0 == pw - VL) {
                    break;
                }
            }
            if ((w & 1) != 0) {
                dIn[d0 + w - 1] = 0f;
                dIn[d1 + w - 1] = 0f;
            }
        }
        if ((h & 1) != 0) {
            java.util.Arrays.fill(dIn, dInOff + (h - 1) * w, dInOff + h * w, 0f);
        }
    }

    /**
     * {@link #forward} for rows of {@code HALF} to {@code VL - 1} windows (the Fashion-MNIST conv net's 28 x 28 maps have
     * 14 a row, fewer than a 512-bit vector's 16): one vector of inputs a row, {@code HALF} windows at a time, the second
     * placed at the row's end. Each store writes a whole vector, its upper half past the windows it holds: into the
     * rest of this row, which the second store then writes, and into the next row's first outputs, which that row's
     * stores write next. So the plane's last row pair, whose stores would reach past the plane, is pooled by the scalar
     * loop. Why not 256-bit vectors here: a conv training step using them beside the 512-bit kernels took 1.3-1.9x as
     * long (docs/performance.md, "Max-pooling on rows narrower than a vector").
     */
    private static void forwardShortRows(float[] in, int inOff, int h, int w, float[] out, int outOff) {
        int ph = h / 2, pw = w / 2;
        for (int i = 0; i < ph - 1; i++) {
            int r0 = inOff + 2 * i * w, r1 = r0 + w, o = outOff + i * pw;
            for (int j0 = 0; ; j0 = pw - HALF) {
                FloatVector v = FloatVector.fromArray(S, in, r0 + 2 * j0).max(FloatVector.fromArray(S, in, r1 + 2 * j0));
                v.max(v.rearrange(SWAP)).rearrange(EVENS).intoArray(out, o + j0);
                if (j0 == pw - HALF) {
                    break;
                }
            }
        }
        int last = inOff + 2 * (ph - 1) * w;
        MaxPool2x2.forwardScalar(in, last, 2, w, out, outOff + (ph - 1) * pw);
    }

    /**
     * {@link #backward} for rows of {@code HALF} to {@code VL - 1} windows, as {@link #forwardShortRows}: one vector of
     * inputs a row, whose pairs' maxima are already on both lanes of each window, so only the first half of the wide
     * loop's masks is needed. The gradients are read a whole vector at a time, past the row's own into the next row's,
     * so the last row pair goes to the scalar loop here too. The writes stay in the row (two overlapping vectors).
     */
    private static void backwardShortRows(float[] in, int inOff, int h, int w, float[] dOut, int outOff, float[] dIn,
                                          int dInOff) {
        int ph = h / 2, pw = w / 2, c1 = 2 * (pw - HALF);
        for (int i = 0; i < ph - 1; i++) {
            int r0 = inOff + 2 * i * w, r1 = r0 + w, d0 = dInOff + 2 * i * w, d1 = d0 + w, o = outOff + i * pw;
            FloatVector a0 = FloatVector.fromArray(S, in, r0), b0 = FloatVector.fromArray(S, in, r1);
            FloatVector a1 = FloatVector.fromArray(S, in, r0 + c1), b1 = FloatVector.fromArray(S, in, r1 + c1);
            FloatVector v0 = a0.max(b0), v1 = a1.max(b1);
            FloatVector m0 = v0.max(v0.rearrange(SWAP)), m1 = v1.max(v1.rearrange(SWAP));
            float sum = m0.add(m1).reduceLanes(VectorOperators.ADD);
            if (sum != sum) { // a NaN maximum in the row pair: the scalar routing, as in backward
                MaxPool2x2.backwardWindows(in, r0, r1, dOut, o, dIn, d0, d1, 0, pw);
            } else {
                // The first two of backward's four statements, for each vector (m for mLow, g for gLow), written out
                // as there: through a helper taking the vectors this loop ran 7 % slower at 512 bits, and the wide
                // loop 1.9-3.3x slower (docs/performance.md).
                FloatVector g0 = FloatVector.fromArray(S, dOut, o).rearrange(LOW);
                FloatVector g1 = FloatVector.fromArray(S, dOut, o + pw - HALF).rearrange(LOW);
                g0.blend(0f, a0.compare(VectorOperators.NE, m0))
                        .blend(0f, a0.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, m0))
                        .intoArray(dIn, d0);
                g0.blend(0f, b0.compare(VectorOperators.NE, m0))
                        .blend(0f, a0.compare(VectorOperators.EQ, m0))
                        .blend(0f, a0.rearrange(SWAP).compare(VectorOperators.EQ, m0))
                        .blend(0f, b0.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, m0))
                        .intoArray(dIn, d1);
                g1.blend(0f, a1.compare(VectorOperators.NE, m1))
                        .blend(0f, a1.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, m1))
                        .intoArray(dIn, d0 + c1);
                g1.blend(0f, b1.compare(VectorOperators.NE, m1))
                        .blend(0f, a1.compare(VectorOperators.EQ, m1))
                        .blend(0f, a1.rearrange(SWAP).compare(VectorOperators.EQ, m1))
                        .blend(0f, b1.rearrange(SWAP).blend(Float.NaN, EVEN_LANES).compare(VectorOperators.EQ, m1))
                        .intoArray(dIn, d1 + c1);
            }
            if ((w & 1) != 0) {
                dIn[d0 + w - 1] = 0f;
                dIn[d1 + w - 1] = 0f;
            }
        }
        int last = 2 * (ph - 1) * w;
        MaxPool2x2.backwardScalar(in, inOff + last, 2, w, dOut, outOff + (ph - 1) * pw, dIn, dInOff + last);
        if ((h & 1) != 0) {
            java.util.Arrays.fill(dIn, dInOff + (h - 1) * w, dInOff + h * w, 0f);
        }
    }
}
