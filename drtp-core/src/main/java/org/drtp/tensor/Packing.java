package org.drtp.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * Packs a {@code kc x nc} block of the vector operand Q of {@link VectorGemm} into the sliver layout the
 * {@link MicroKernel} streams: sliver {@code s} holds columns {@code [s*NR, s*NR + NR)} as {@code kc} rows
 * of {@code NR} contiguous floats, columns past {@code nc} are zero. That is
 * {@code dst[s*kc*NR + l*NR + jj] = Q(l, s*NR + jj)}.
 *
 * <p>Why pack: the kernel then reads one contiguous stream per tile (no TLB or cache-set conflicts from a
 * large leading dimension), and transposed storage is absorbed here once per block instead of in the
 * inner loop. Two source layouts: rows contiguous along j ({@code Q(l, j) = q[base + l*ld + j]}, a copy)
 * or contiguous along l ({@code Q(l, j) = q[base + j*ld + l]}, a transpose; the planner only asks for it
 * on the smaller operand). {@link #packPanels} packs the other operand, P, into the {@code MR}-row micro-panels of
 * {@link MicroKernel#tilePacked} when enough slivers share it ({@link BlockedGemm#PACK_P_MIN_SLIVERS}).
 */
final class Packing {

    private static final int NR = MicroKernel.NR;
    private static final int VL = MicroKernel.VL;
    /** Transpose in blocks of this many l so that the NR source rows stay in L1 while being read. */
    private static final int TRANSPOSE_BLOCK = 64;

    private Packing() {
    }

    /**
     * Packs {@code Q(l, j) = q[base + l*ld + j]}, {@code l < kc}, {@code j < nc}, into {@code dst} from {@code dstOff}.
     * Walks Q row by row, each source row read contiguously and spread over the slivers: walking sliver by sliver
     * instead reads a 16-float column strip down kc rows of a wide matrix (one new cache line and, for BP's
     * 1000x6272 weight matrix, one new page per row). Measured on Zen 3 (one thread, CPU clock, the two orders
     * alternated in rounds in one JVM, same bits): +16-17 % at 60x6272x1000 NN, +1-16 % at the conv product
     * 32x47040x25 NN, +4 % at 60x1000x1000 NN, equal (within 3 %) at the other bench shapes.
     */
    static void packRows(float[] q, int base, int ld, int kc, int nc, float[] dst, int dstOff) {
        int full = nc / NR * NR;
        int sliverSize = kc * NR;
        for (int l = 0, src = base; l < kc; l++, src += ld) {
            int d = dstOff + l * NR;
            for (int j0 = 0; j0 < full; j0 += NR, d += sliverSize) {
                FloatVector.fromArray(MicroKernel.SPECIES, q, src + j0).intoArray(dst, d);
                FloatVector.fromArray(MicroKernel.SPECIES, q, src + j0 + VL).intoArray(dst, d + VL);
            }
            if (full < nc) {
                System.arraycopy(q, src + full, dst, d, nc - full);
                java.util.Arrays.fill(dst, d + nc - full, d + NR, 0f);
            }
        }
    }

    /** Packs {@code Q(l, j) = q[base + j*ld + l]}, {@code l < kc}, {@code j < nc} (a transpose), from {@code dstOff}. */
    static void packColumns(float[] q, int base, int ld, int kc, int nc, float[] dst, int dstOff) {
        int sliver = dstOff;
        for (int j0 = 0; j0 < nc; j0 += NR, sliver += kc * NR) {
            int nr = Math.min(NR, nc - j0);
            for (int l0 = 0; l0 < kc; l0 += TRANSPOSE_BLOCK) {
                int l1 = Math.min(kc, l0 + TRANSPOSE_BLOCK);
                for (int jj = 0; jj < nr; jj++) {
                    int src = base + (j0 + jj) * ld;
                    for (int l = l0, d = sliver + l0 * NR + jj; l < l1; l++, d += NR) {
                        dst[d] = q[src + l];
                    }
                }
                if (nr < NR) {
                    for (int l = l0; l < l1; l++) {
                        java.util.Arrays.fill(dst, sliver + l * NR + nr, sliver + l * NR + NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [0, rows)} and depths {@code [0, kc)} of {@code P(i, l) = p[base + i*rs + l*ps]} into
     * micro-panels of {@code MR} rows: {@code dst[t*kc*MR + l*MR + r] = P(t*MR + r, l)}, rows past {@code rows} zero.
     */
    static void packPanels(float[] p, int base, int rs, int ps, int rows, int kc, float[] dst) {
        packPanels(p, base, rs, ps, rows, kc, dst, 0);
    }

    /** {@link #packPanels(float[], int, int, int, int, int, float[])} into {@code dst} from {@code dstOff}. */
    static void packPanels(float[] p, int base, int rs, int ps, int rows, int kc, float[] dst, int dstOff) {
        final int mr = MicroKernel.MR;
        for (int i0 = 0, panel = dstOff; i0 < rows; i0 += mr, panel += kc * mr) {
            int nr = Math.min(mr, rows - i0);
            if (rs == 1 && nr == mr) {
                // Depth-strided P (the weight gradient's dZ^T): MR consecutive floats per depth.
                for (int l = 0, src = base + i0, d = panel; l < kc; l++, src += ps, d += mr) {
                    dst[d] = p[src];
                    dst[d + 1] = p[src + 1];
                    dst[d + 2] = p[src + 2];
                    dst[d + 3] = p[src + 3];
                    dst[d + 4] = p[src + 4];
                    dst[d + 5] = p[src + 5];
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    if (r < nr) {
                        for (int l = 0, src = base + (i0 + r) * rs, d = panel + r; l < kc; l++, src += ps, d += mr) {
                            dst[d] = p[src];
                        }
                    } else {
                        for (int l = 0, d = panel + r; l < kc; l++, d += mr) {
                            dst[d] = 0f;
                        }
                    }
                }
            }
        }
    }
}
