package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link FastMath}'s in-place exp, tanh and sigmoid loops.
 *
 * <p>Each lane runs the scalar algorithm of {@link FastMath} operation for operation (same FMAs, same
 * rounding trick, same two-halves scaling, same division) and its branches become blends, so the results
 * are bit for bit those of the scalar functions; the loop tails simply call them. Loaded reflectively by
 * {@link Kernels} (public no-argument constructor) only when {@code jdk.incubator.vector} is present.
 *
 * <p>All vector code sits in the one loop method {@link #vectorPart}: on Java 17 a vector passed to or
 * returned from a helper method that C2 declines to inline (it does once the helper was compiled on its
 * own and grew large) is boxed on every call, which slows a kernel down 10-100 times.
 */
public final class VectorActivations implements ActivationKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int SIGN = 0x80000000;
    private static final int TANH = 0, SIGMOID = 1, EXP = 2;

    @Override
    public void tanh(float[] a, int off, int len) {
        for (int i = vectorPart(TANH, a, off, len, 0f, null), end = off + len; i < end; i++) {
            a[i] = FastMath.tanh(a[i]);
        }
    }

    @Override
    public void sigmoid(float[] a, int off, int len) {
        for (int i = vectorPart(SIGMOID, a, off, len, 0f, null), end = off + len; i < end; i++) {
            a[i] = FastMath.sigmoid(a[i]);
        }
    }

    @Override
    public void tanhWithBias(float[] a, int off, int len, float[] bias) {
        for (int i = vectorPart(TANH, a, off, len, 0f, bias), end = off + len; i < end; i++) {
            a[i] = FastMath.tanh(a[i] + bias[i - off]);
        }
    }

    @Override
    public void sigmoidWithBias(float[] a, int off, int len, float[] bias) {
        for (int i = vectorPart(SIGMOID, a, off, len, 0f, bias), end = off + len; i < end; i++) {
            a[i] = FastMath.sigmoid(a[i] + bias[i - off]);
        }
    }

    /**
     * A plain loop of vector adds: C2 on Java 17 left the scalar form, two arrays that might be one, unvectorized
     * (0.35-0.68 ns per value on one Zen 5 core, as long as the tanh after it; docs/performance.md, "The conv maps' bias
     * copy").
     */
    @Override
    public void addScalar(float[] src, int srcOff, float c, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int last = len - VL; i <= last; i += VL) {
            FloatVector.fromArray(S, src, srcOff + i).add(c).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = src[srcOff + i] + c;
        }
    }

    @Override
    public void exp(float[] a, int off, int len, float shift) {
        for (int i = vectorPart(EXP, a, off, len, shift, null), end = off + len; i < end; i++) {
            a[i] = FastMath.exp(a[i] - shift);
        }
    }

    /**
     * Applies function {@code fn} to whole vectors of {@code a[off, off+len)} in place, after adding {@code bias[i -
     * off]} when there is a bias; returns where the scalar tail starts. {@code fn} and whether there is a bias are
     * loop-invariant, so their tests cost next to nothing.
     */
    private static int vectorPart(int fn, float[] a, int off, int len, float shift, float[] bias) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector negLn2Hi = FloatVector.broadcast(S, -FastMath.LN2_HI);
        FloatVector negLn2Lo = FloatVector.broadcast(S, -FastMath.LN2_LO);
        FloatVector p5 = FloatVector.broadcast(S, FastMath.P5);
        FloatVector p4 = FloatVector.broadcast(S, FastMath.P4);
        FloatVector p3 = FloatVector.broadcast(S, FastMath.P3);
        FloatVector p2 = FloatVector.broadcast(S, FastMath.P2);
        FloatVector t5 = FloatVector.broadcast(S, FastMath.T5);
        FloatVector t3 = FloatVector.broadcast(S, FastMath.T3);
        int i = off;
        for (int last = off + len - VL; i <= last; i += VL) {
            FloatVector x = FloatVector.fromArray(S, a, i);
            if (bias != null) {
                x = x.add(FloatVector.fromArray(S, bias, i - off));
            }
            FloatVector arg;
            if (fn == TANH) {
                arg = x.abs().mul(-2f);
            } else if (fn == SIGMOID) {
                FloatVector z = x.neg();
                z = z.blend(FastMath.SIGMOID_CLAMP, z.compare(VectorOperators.GT, FastMath.SIGMOID_CLAMP));
                arg = z.blend(FastMath.EXP_MIN, z.compare(VectorOperators.LT, FastMath.EXP_MIN));
            } else {
                arg = x.sub(shift);
            }
            // e = FastMath.expCore(arg)
            FloatVector s = arg.fma(FastMath.LOG2E, FastMath.ROUND_MAGIC);
            FloatVector kf = s.sub(FastMath.ROUND_MAGIC);
            FloatVector r = kf.fma(negLn2Lo, kf.fma(negLn2Hi, arg));
            FloatVector p = r.fma(FastMath.P7, FastMath.P6).fma(r, p5).fma(r, p4).fma(r, p3).fma(r, p2).fma(r, one).fma(r, one);
            IntVector k = s.reinterpretAsInts().sub(FastMath.ROUND_MAGIC_BITS);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector scale1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector scale2 = k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale1).mul(scale2);
            FloatVector y;
            if (fn == TANH) {
                FloatVector ax = x.abs();
                FloatVector x2 = x.mul(x);
                FloatVector q = x2.fma(FastMath.T9, FastMath.T7).fma(x2, t5).fma(x2, t3);
                FloatVector series = x.mul(x2).fma(q, x);
                y = one.sub(e).div(one.add(e));
                y = y.blend(series, ax.compare(VectorOperators.LT, FastMath.TANH_SMALL));
                y = y.blend(1f, ax.compare(VectorOperators.GE, FastMath.TANH_SATURATION));
                // copySign: every branch is >= 0 or already has x's sign (the series), except its -0 case.
                y = y.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();
            } else if (fn == SIGMOID) {
                y = one.div(one.add(e));
            } else {
                y = e.blend(Float.POSITIVE_INFINITY, arg.compare(VectorOperators.GT, FastMath.EXP_MAX));
                y = y.blend(0f, arg.compare(VectorOperators.LT, FastMath.EXP_MIN));
            }
            y.intoArray(a, i);
        }
        return i;
    }
}
