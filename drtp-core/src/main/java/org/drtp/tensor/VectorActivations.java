package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link FastMath}'s in-place exp, tanh and sigmoid loops.
 *
 * <p>Each lane runs the scalar algorithm of {@link FastMath} operation for operation (same FMAs, same
 * rounding trick, same division), and branches become blends, so the results are bit for bit those of
 * the scalar functions; the loop tails simply call them. Loaded reflectively by {@link Kernels} (public
 * no-argument constructor) only when {@code jdk.incubator.vector} is present.
 */
public final class VectorActivations implements ActivationKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int SIGN = 0x80000000;

    @Override
    public void tanh(float[] a, int off, int len) {
        int i = off, end = off + len;
        for (int last = end - VL; i <= last; i += VL) {
            tanh(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = FastMath.tanh(a[i]);
        }
    }

    @Override
    public void sigmoid(float[] a, int off, int len) {
        int i = off, end = off + len;
        for (int last = end - VL; i <= last; i += VL) {
            sigmoid(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = FastMath.sigmoid(a[i]);
        }
    }

    @Override
    public void exp(float[] a, int off, int len, float shift) {
        int i = off, end = off + len;
        for (int last = end - VL; i <= last; i += VL) {
            exp(FloatVector.fromArray(S, a, i).sub(shift)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = FastMath.exp(a[i] - shift);
        }
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector q = x2.fma(FastMath.T9, FastMath.T7).fma(x2, all(FastMath.T5)).fma(x2, all(FastMath.T3));
        FloatVector series = x.mul(x2).fma(q, x);
        FloatVector e = expReduced(ax.mul(-2f));
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector y = one.sub(e).div(one.add(e));
        y = y.blend(series, ax.compare(VectorOperators.LT, FastMath.TANH_SMALL));
        y = y.blend(1f, ax.compare(VectorOperators.GE, FastMath.TANH_SATURATION));
        // copySign: y >= 0 on the exp and saturated branches, and the series already has x's sign.
        return y.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();
    }

    private static FloatVector sigmoid(FloatVector x) {
        FloatVector z = x.neg();
        z = z.blend(FastMath.EXP_REDUCED_MAX, z.compare(VectorOperators.GT, FastMath.EXP_REDUCED_MAX));
        z = z.blend(FastMath.EXP_MIN, z.compare(VectorOperators.LT, FastMath.EXP_MIN));
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(expReduced(z)));
    }

    /** Full-range exp: the two-halves scaling of {@link FastMath#exp(float)}, then the range blends. */
    private static FloatVector exp(FloatVector x) {
        FloatVector s = x.fma(FastMath.LOG2E, FastMath.ROUND_MAGIC);
        FloatVector p = polynomial(reduce(x, s));
        IntVector k = s.reinterpretAsInts().sub(FastMath.ROUND_MAGIC_BITS);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector y = p.mul(pow2(k1)).mul(pow2(k.sub(k1)));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, FastMath.EXP_MAX));
        return y.blend(0f, x.compare(VectorOperators.LT, FastMath.EXP_MIN));
    }

    /** {@link FastMath#expReduced}: arguments in [EXP_MIN, EXP_REDUCED_MAX], one scaling multiply. */
    private static FloatVector expReduced(FloatVector x) {
        FloatVector s = x.fma(FastMath.LOG2E, FastMath.ROUND_MAGIC);
        FloatVector p = polynomial(reduce(x, s));
        return p.mul(pow2(s.reinterpretAsInts().sub(FastMath.ROUND_MAGIC_BITS)));
    }

    /** r = x - k ln 2 with k = s - ROUND_MAGIC, in two FMA steps. */
    private static FloatVector reduce(FloatVector x, FloatVector s) {
        FloatVector kf = s.sub(FastMath.ROUND_MAGIC);
        return kf.fma(all(-FastMath.LN2_LO), kf.fma(all(-FastMath.LN2_HI), x));
    }

    private static FloatVector polynomial(FloatVector r) {
        FloatVector p = r.fma(FastMath.P7, FastMath.P6);
        p = p.fma(r, all(FastMath.P5));
        p = p.fma(r, all(FastMath.P4));
        p = p.fma(r, all(FastMath.P3));
        p = p.fma(r, all(FastMath.P2));
        FloatVector one = all(1f);
        p = p.fma(r, one);
        return p.fma(r, one);
    }

    /** Every lane {@code v}; C2 hoists these broadcasts of constants out of the loops. */
    private static FloatVector all(float v) {
        return FloatVector.broadcast(S, v);
    }

    /** 2^k for k in [-126, 127], built in the exponent field. */
    private static FloatVector pow2(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }
}
