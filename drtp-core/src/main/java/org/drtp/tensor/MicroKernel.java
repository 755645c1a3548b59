package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link VectorGemm}: one tile of {@value #MR} rows by {@link #NR}
 * columns ({@code NR} = two vectors of the preferred species, so 6x32 on AVX-512 and 6x16 on AVX2).
 *
 * <p>Maths: {@code T(r, j) = sum_{l < kc} P(r, l) * Q(l, j)} for {@code r < 6}, {@code j < NR}, summed in
 * increasing {@code l} with one fused multiply-add per term, starting from +0. {@code P} is read in place
 * through strides, {@code P(r, l) = p[pBase + r*pRs + l*pPs]}, which covers plain and transposed A without
 * packing it, or from micro-panels ({@link #tilePacked}); {@code Q} is a packed sliver,
 * {@code Q(l, j) = q[qOff + l*NR + j]} (see {@link Packing}).
 *
 * <p>Why this shape: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 vector registers of AVX2 and
 * leave slack on AVX-512; 12 independent FMA chains hide the 4-cycle FMA latency on two FMA pipes.
 * Measured ~245 GFLOPS on one core of the project machines (AVX-512) with operands in L1/L2, for
 * {@code kc} up to ~1000. The method is deliberately not tiny: C2 compiles it as its own unit instead of
 * inlining it into the blocking loops, so the vector accumulators never cross a call and a big caller can
 * never push it past the compiler's node limits.
 */
final class MicroKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int VL = SPECIES.length();
    static final int MR = 6;
    static final int NR = 2 * VL;

    private MicroKernel() {
    }

    /**
     * Computes one tile and writes it either straight into C ({@code tmp == null}; requires a full 6 x NR
     * tile with unit column stride: {@code C[r][j] = (accumulate ? C[r][j] : 0) + T(r, j)}) or into
     * {@code tmp[r*NR + j] = T(r, j)} for the caller to scatter.
     *
     * @param rows number of valid P rows (1..6); rows past it re-read the last valid row so that every
     *             load stays inside the array, and their results are discarded by the caller.
     */
    static void tile(int kc, float[] p, int pBase, int pRs, int pPs, int rows,
                     float[] q, int qOff,
                     float[] c, int cOff, int ldc, boolean accumulate, float[] tmp) {
        int o0 = pBase;
        int o1 = pBase + Math.min(1, rows - 1) * pRs;
        int o2 = pBase + Math.min(2, rows - 1) * pRs;
        int o3 = pBase + Math.min(3, rows - 1) * pRs;
        int o4 = pBase + Math.min(4, rows - 1) * pRs;
        int o5 = pBase + Math.min(5, rows - 1) * pRs;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int qo = qOff;
        for (int l = 0; l < kc; l++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, q, qo);
            FloatVector b1 = FloatVector.fromArray(SPECIES, q, qo + VL);
            FloatVector x;
            x = FloatVector.broadcast(SPECIES, p[o0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, p[o1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, p[o2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, p[o3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, p[o4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, p[o5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            o0 += pPs;
            o1 += pPs;
            o2 += pPs;
            o3 += pPs;
            o4 += pPs;
            o5 += pPs;
            qo += NR;
        }
        if (tmp != null) {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, VL);
            c10.intoArray(tmp, NR);
            c11.intoArray(tmp, NR + VL);
            c20.intoArray(tmp, 2 * NR);
            c21.intoArray(tmp, 2 * NR + VL);
            c30.intoArray(tmp, 3 * NR);
            c31.intoArray(tmp, 3 * NR + VL);
            c40.intoArray(tmp, 4 * NR);
            c41.intoArray(tmp, 4 * NR + VL);
            c50.intoArray(tmp, 5 * NR);
            c51.intoArray(tmp, 5 * NR + VL);
            return;
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(SPECIES, c, r0).add(c00);
            c01 = FloatVector.fromArray(SPECIES, c, r0 + VL).add(c01);
            c10 = FloatVector.fromArray(SPECIES, c, r1).add(c10);
            c11 = FloatVector.fromArray(SPECIES, c, r1 + VL).add(c11);
            c20 = FloatVector.fromArray(SPECIES, c, r2).add(c20);
            c21 = FloatVector.fromArray(SPECIES, c, r2 + VL).add(c21);
            c30 = FloatVector.fromArray(SPECIES, c, r3).add(c30);
            c31 = FloatVector.fromArray(SPECIES, c, r3 + VL).add(c31);
            c40 = FloatVector.fromArray(SPECIES, c, r4).add(c40);
            c41 = FloatVector.fromArray(SPECIES, c, r4 + VL).add(c41);
            c50 = FloatVector.fromArray(SPECIES, c, r5).add(c50);
            c51 = FloatVector.fromArray(SPECIES, c, r5 + VL).add(c51);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + VL);
    }

    /**
     * {@link #tile} for P contiguous along the depth ({@code pPs = 1}: the weight matrix of the forward product
     * {@code C^T = W X^T}, or A of an unpacked NN product): the same arithmetic, bit for bit, with one running index
     * and five loop-invariant row offsets instead of six running indices. Measured on Zen 3 (one thread, CPU clock,
     * the two forms alternated in rounds in one JVM): +7-8 % at the forward NT shapes 60x1000x{784,1000,6272},
     * +24 % at an unpacked 13x40x1030 NN; indexing by the loop counter ({@code p[o_r + l]}) instead was 35 % slower,
     * and a general stride written this way ({@code o += pPs}) 3-8 % slower than {@link #tile}, hence two methods.
     *
     * <p>The loop runs on P's index itself ({@code o < oEnd}), not on a separate counter: C2 then proves every read of
     * P in bounds once, before the loop, and the freed registers keep Q's base out of the stack (about 37 instead of
     * 45 instructions per 12 FMAs). Same bits; +13-26 % at the forward NT shapes, one or two threads, the two loop
     * forms alternated in rounds in one JVM (docs/performance.md).
     */
    static void tileUnitStride(int kc, float[] p, int pBase, int pRs, int rows,
                     float[] q, int qOff,
                     float[] c, int cOff, int ldc, boolean accumulate, float[] tmp) {
        int d1 = Math.min(1, rows - 1) * pRs;
        int d2 = Math.min(2, rows - 1) * pRs;
        int d3 = Math.min(3, rows - 1) * pRs;
        int d4 = Math.min(4, rows - 1) * pRs;
        int d5 = Math.min(5, rows - 1) * pRs;
        int o = pBase;
        int qo = qOff;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int oEnd = pBase + kc; o < oEnd; o++, qo += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, q, qo);
            FloatVector b1 = FloatVector.fromArray(SPECIES, q, qo + VL);
            FloatVector x;
            x = FloatVector.broadcast(SPECIES, p[o]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, p[o + d1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, p[o + d2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, p[o + d3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, p[o + d4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, p[o + d5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (tmp != null) {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, VL);
            c10.intoArray(tmp, NR);
            c11.intoArray(tmp, NR + VL);
            c20.intoArray(tmp, 2 * NR);
            c21.intoArray(tmp, 2 * NR + VL);
            c30.intoArray(tmp, 3 * NR);
            c31.intoArray(tmp, 3 * NR + VL);
            c40.intoArray(tmp, 4 * NR);
            c41.intoArray(tmp, 4 * NR + VL);
            c50.intoArray(tmp, 5 * NR);
            c51.intoArray(tmp, 5 * NR + VL);
            return;
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(SPECIES, c, r0).add(c00);
            c01 = FloatVector.fromArray(SPECIES, c, r0 + VL).add(c01);
            c10 = FloatVector.fromArray(SPECIES, c, r1).add(c10);
            c11 = FloatVector.fromArray(SPECIES, c, r1 + VL).add(c11);
            c20 = FloatVector.fromArray(SPECIES, c, r2).add(c20);
            c21 = FloatVector.fromArray(SPECIES, c, r2 + VL).add(c21);
            c30 = FloatVector.fromArray(SPECIES, c, r3).add(c30);
            c31 = FloatVector.fromArray(SPECIES, c, r3 + VL).add(c31);
            c40 = FloatVector.fromArray(SPECIES, c, r4).add(c40);
            c41 = FloatVector.fromArray(SPECIES, c, r4 + VL).add(c41);
            c50 = FloatVector.fromArray(SPECIES, c, r5).add(c50);
            c51 = FloatVector.fromArray(SPECIES, c, r5 + VL).add(c51);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + VL);
    }

    /**
     * The same tile with P packed in micro-panels ({@link Packing#packPanels}): {@code P(r, l) = p[pOff + l*MR + r]}.
     * Same arithmetic, bit for bit, as {@link #tile}; one index for all six rows lets C2 drop the per-row
     * bounds checks and index updates of the strided form, which is why it is faster once packing P is
     * amortised over enough slivers ({@link BlockedGemm}, docs/performance.md). As in {@link #tileUnitStride} the loop
     * runs on P's index, which let C2 drop the bounds checks of P that it kept with a counter (+11-19 % at the
     * weight-gradient TN, BP's NN and the conv product, same bits). Padding rows are zero. Its store
     * epilogue repeats {@link #tile}'s on purpose: Vector API values stay in registers only within one compiled
     * method, so handing the twelve accumulators to a shared helper C2 might not inline would box them.
     */
    static void tilePacked(int kc, float[] p, int pOff,
                     float[] q, int qOff,
                     float[] c, int cOff, int ldc, boolean accumulate, float[] tmp) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int qo = qOff;
        for (int po = pOff, pEnd = pOff + kc * MR; po < pEnd; po += MR, qo += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, q, qo);
            FloatVector b1 = FloatVector.fromArray(SPECIES, q, qo + VL);
            FloatVector x;
            x = FloatVector.broadcast(SPECIES, p[po]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, p[po + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, p[po + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, p[po + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, p[po + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, p[po + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (tmp != null) {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, VL);
            c10.intoArray(tmp, NR);
            c11.intoArray(tmp, NR + VL);
            c20.intoArray(tmp, 2 * NR);
            c21.intoArray(tmp, 2 * NR + VL);
            c30.intoArray(tmp, 3 * NR);
            c31.intoArray(tmp, 3 * NR + VL);
            c40.intoArray(tmp, 4 * NR);
            c41.intoArray(tmp, 4 * NR + VL);
            c50.intoArray(tmp, 5 * NR);
            c51.intoArray(tmp, 5 * NR + VL);
            return;
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(SPECIES, c, r0).add(c00);
            c01 = FloatVector.fromArray(SPECIES, c, r0 + VL).add(c01);
            c10 = FloatVector.fromArray(SPECIES, c, r1).add(c10);
            c11 = FloatVector.fromArray(SPECIES, c, r1 + VL).add(c11);
            c20 = FloatVector.fromArray(SPECIES, c, r2).add(c20);
            c21 = FloatVector.fromArray(SPECIES, c, r2 + VL).add(c21);
            c30 = FloatVector.fromArray(SPECIES, c, r3).add(c30);
            c31 = FloatVector.fromArray(SPECIES, c, r3 + VL).add(c31);
            c40 = FloatVector.fromArray(SPECIES, c, r4).add(c40);
            c41 = FloatVector.fromArray(SPECIES, c, r4 + VL).add(c41);
            c50 = FloatVector.fromArray(SPECIES, c, r5).add(c50);
            c51 = FloatVector.fromArray(SPECIES, c, r5 + VL).add(c51);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + VL);
    }
}
