package org.drtp.tensor;

/**
 * The cache-blocked driver of {@link VectorGemm} (the loop nest of Goto/BLIS): it computes
 * {@code D = beta D + P Q} for a rectangle of D, where
 * {@code P(i,l) = p[pOff + i*pRs + l*pPs]} (read in place, or packed into micro-panels per row block when the
 * column block has at least {@value #PACK_P_MIN_SLIVERS} slivers, or read from panels the parts packed together,
 * {@link SharedPacking}), {@code Q(l,j)} is packed block by block ({@link Packing}) or shared likewise, and
 * {@code D(i,j) = c[cOff + i*dRs + j*dCs]} is C itself or C transposed.
 *
 * <p>Loops, outermost first: column blocks of Q ({@code nc}, a packed block sized for L3), the k
 * dimension in blocks of at most {@value #KC_MAX} (the kernel still runs at full speed with a
 * {@code kc x NR} sliver in L2; fewer k blocks mean fewer passes over C), row blocks of P sized for L2,
 * then one Q sliver at a time (it stays in L1/L2 while every row tile of the block uses it), then
 * {@link MicroKernel#MR}-row tiles; for a shallow block with packed P the last two are swapped
 * ({@link #ROWS_OUTER_MAX_KC}).
 *
 * <p>Every element of D is one FMA chain per k block in increasing k, the blocks added to D in
 * increasing order; the k blocks depend only on K. Hence the value of each element is independent of
 * the rectangle bounds, of tile edges and of the thread split.
 */
final class BlockedGemm {

    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;
    /** Largest k block. */
    static final int KC_MAX = 1024;
    /**
     * Floats in a packed Q block: an eighth of this core's share of L3 (2 MB of the project machines' 32 MB shared
     * by 2 cores), so that it stays there while every row block of P uses it. From {@link CacheSizes}: row and
     * column blocks never change a result, only the depth blocks do, and those are fixed ({@link #KC_MAX}).
     */
    private static final int Q_BLOCK = (int) Math.max(64 << 10,
            CacheSizes.detected().l3() / CacheSizes.detected().l3Sharers() / 8 / Float.BYTES);
    /**
     * Floats of P rows touched per row block (384 KB). Not derived from L2: P is read in place and each row block
     * meets every Q sliver, so fewer, larger row blocks re-read Q less. Measured on Zen 3 (512 KB L2, one thread,
     * thread CPU time, docs/results.md): 3/8 of L2 (192 KB) was 10-15 % slower at depth 6272 and equal at the
     * FC2-1000 shapes; on the 1 MB-L2 AVX-512 machines 384 KB was the best measured.
     */
    private static final int P_BLOCK = 96 * 1024;

    /**
     * Fewest Q slivers in a column block for which P is packed into micro-panels ({@link Packing#packPanels})
     * rather than read in place. Packing copies the P block once and every sliver then reads it through
     * {@link MicroKernel#tilePacked}; measured on Zen 3 (one thread, CPU clock, docs/results.md): +20-30 % at the
     * weight-gradient TN shapes (49-63 slivers, P depth-strided), +5-15 % at BP's NN and the conv product, but
     * -5-15 % at the forward NT shapes, where Q = A^T has 4 slivers and P is the whole weight matrix.
     */
    static final int PACK_P_MIN_SLIVERS = 8;
    /**
     * Deepest block whose packed P is walked tile row by tile row, every sliver of Q per row of tiles, instead of
     * sliver by sliver: with a shallow block (the weight gradient's batch depth, the conv product's 25) each tile
     * writes D after a few hundred FMAs, so D's traffic dominates and D is best written row after row (a
     * 1000x6272 gradient walked by columns touches every page of its 25 MB per sliver). Measured on Zen 3 (one
     * thread, CPU clock, docs/results.md): TN 1000x6272x60 +25 %, conv 32x47040x25 +10-30 %, TN 1000x784x60 +2 %;
     * at depth 1000 (BP's NN) rows-outer re-reads a Q block from L3 per row of tiles and was 0-10 % slower.
     */
    static final int ROWS_OUTER_MAX_KC = 256;

    private BlockedGemm() {
    }

    /** Number of k blocks for a depth of {@code k}. */
    static int kBlocks(int k) {
        return (k + KC_MAX - 1) / KC_MAX;
    }

    /**
     * First depth of k block {@code kb} (of {@link #kBlocks}{@code (k)}; {@code kb = kBlocks(k)} gives {@code k}):
     * block {@code kb} is depths {@code [blockStart(kb, k), blockStart(kb + 1, k))}. These blocks set every product's
     * order of additions, so whatever computes or packs by depth blocks takes them from here.
     */
    static int blockStart(int kb, int k) {
        return (int) ((long) kb * k / kBlocks(k));
    }

    /** Depth of the deepest k block for a depth of {@code k}. */
    static int maxBlockDepth(int k) {
        int kBlocks = kBlocks(k);
        return (k + kBlocks - 1) / kBlocks;
    }

    /** Largest fully prepacked Q or P, in floats (16 MB). */
    static final long PREPACK_MAX = 4L << 20;

    /** Floats of a fully packed Q of depth {@code k} and {@code n} columns. */
    static long prepackedSize(int k, int n) {
        return (long) k * paddedColumns(n);
    }

    static int paddedColumns(int n) {
        return (n + NR - 1) / NR * NR;
    }

    /** Packs columns {@code [jc, jc + nc)} of the Q block of depths {@code [pc, pc + kc)} ({@link Packing}). */
    static void pack(float[] q, int qOff, int qLd, boolean qTransposed, int pc, int kc, int jc, int nc,
                     float[] dst, int dstOff) {
        if (qTransposed) {
            Packing.packColumns(q, qOff + jc * qLd + pc, qLd, kc, nc, dst, dstOff);
        } else {
            Packing.packRows(q, qOff + pc * qLd + jc, qLd, kc, nc, dst, dstOff);
        }
    }

    private static int columnBlock(int kc, int n) {
        int nc = Math.max(NR, Q_BLOCK / kc / NR * NR);
        return Math.min(nc, (n + NR - 1) / NR * NR);
    }

    /** Floats of all of P's micro-panels ({@link SharedPacking}'s layout) for {@code m} rows, depth {@code k}. */
    static long prepackedPanelsSize(int m, int k) {
        return (long) k * paddedRows(m);
    }

    static int paddedRows(int m) {
        return (m + MR - 1) / MR * MR;
    }

    /**
     * Rows {@code [m0, m1)} and columns {@code [n0, n1)} of D. With {@code prepacked} (all of
     * Q, {@link SharedPacking}'s layout) the columns must be all of Q's, {@code [0, n)} with {@code n = n1}; with
     * {@code sharedPanels} (all of P in micro-panels, the same) the rows must be all of P's, {@code [0, m)} with
     * {@code m = m1}, and every block then reads P from them. With {@code done}
     * (only when D is C, {@code dCs == 1}, and the columns are all of C's) rows of D are handed over as they become
     * final: tile row by tile row when the whole depth and width are one block (the weight gradient: its Adam step
     * then reads the rows from L1, docs/performance.md), else all at the end.
     */
    static void run(int m0, int m1, int n0, int n1, int k,
                    float[] p, int pOff, int pRs, int pPs,
                    float[] q, int qOff, int qLd, boolean qTransposed, float[] prepacked, float[] sharedPanels,
                    float[] c, int cOff, int dRs, int dCs, boolean accumulate, Workspace ws, Gemm.RowsDone done) {
        int kBlocks = kBlocks(k);
        int kcMax = maxBlockDepth(k);
        int ncMax = prepacked != null ? paddedColumns(n1) : columnBlock(kcMax, n1 - n0);
        // Rows are final once their tiles are written only if no later depth or column block adds to them.
        Gemm.RowsDone early = kBlocks == 1 && ncMax >= n1 - n0 ? done : null;
        float[] packed = prepacked != null ? prepacked : ws.packed(kcMax * ncMax);
        float[] tile = ws.tile(MR * NR);
        boolean direct = dCs == 1;
        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = blockStart(kb, k);
                int kc = blockStart(kb + 1, k) - pc;
                int blockOff;
                if (prepacked != null) {
                    blockOff = pc * ncMax;
                } else {
                    blockOff = 0;
                    pack(q, qOff, qLd, qTransposed, pc, kc, jc, nc, packed, 0);
                }
                boolean acc = accumulate || kb > 0;
                int mc = Math.max(MR, P_BLOCK / kc / MR * MR);
                for (int ic = m0; ic < m1; ic += mc) {
                    int icEnd = Math.min(m1, ic + mc);
                    float[] panels = null;
                    int panelsOff = 0; // where this row block's panels start
                    if (sharedPanels != null) {
                        panels = sharedPanels;
                        panelsOff = pc * paddedRows(m1 - m0) + (ic - m0) * kc;
                    } else if (nc >= PACK_P_MIN_SLIVERS * NR) {
                        panels = ws.panels((icEnd - ic + MR - 1) / MR * MR * kc);
                        Packing.packPanels(p, pOff + ic * pRs + pc * pPs, pRs, pPs, icEnd - ic, kc, panels);
                    }
                    int tiles = (icEnd - ic + MR - 1) / MR, slivers = (nc + NR - 1) / NR;
                    // A shallow block writes D after few FMAs per element: walk D by rows (ROWS_OUTER_MAX_KC).
                    boolean rowsOuter = panels != null && kc <= ROWS_OUTER_MAX_KC;
                    int outerCount = rowsOuter ? tiles : slivers, innerCount = rowsOuter ? slivers : tiles;
                    for (int outer = 0; outer < outerCount; outer++) {
                        for (int inner = 0; inner < innerCount; inner++) {
                            int i = ic + (rowsOuter ? outer : inner) * MR;
                            int js = (rowsOuter ? inner : outer) * NR;
                            int mr = Math.min(MR, icEnd - i), nr = Math.min(NR, nc - js);
                            int qs = blockOff + js * kc; // sliver js/NR starts at (js/NR)*kc*NR
                            int dBase = cOff + i * dRs + (jc + js) * dCs;
                            float[] out = direct && mr == MR && nr == NR ? null : tile;
                            if (panels != null) {
                                MicroKernel.tilePacked(kc, panels, panelsOff + (i - ic) * kc, packed, qs,
                                        c, dBase, dRs, acc, out);
                            } else if (pPs == 1) {
                                MicroKernel.tileUnitStride(kc, p, pOff + i * pRs + pc, pRs, mr, packed, qs,
                                        c, dBase, dRs, acc, out);
                            } else {
                                MicroKernel.tile(kc, p, pOff + i * pRs + pc * pPs, pRs, pPs, mr, packed, qs,
                                        c, dBase, dRs, acc, out);
                            }
                            if (out != null) {
                                scatter(tile, mr, nr, c, dBase, dRs, dCs, acc);
                            }
                        }
                        if (early != null && rowsOuter) {
                            int i = ic + outer * MR;
                            early.rows(i, Math.min(i + MR, icEnd));
                        }
                    }
                    if (early != null && !rowsOuter) {
                        early.rows(ic, icEnd);
                    }
                }
            }
        }
        if (done != null && early == null) {
            done.rows(m0, m1);
        }
    }

    /** Adds (or writes) the valid {@code rows x cols} corner of a tile into D with any strides. */
    static void scatter(float[] tile, int rows, int cols, float[] c, int base, int dRs, int dCs,
                                boolean accumulate) {
        if (dCs == 1) {
            for (int r = 0; r < rows; r++) {
                int d = base + r * dRs, t = r * NR;
                for (int j = 0; j < cols; j++) {
                    c[d + j] = accumulate ? c[d + j] + tile[t + j] : tile[t + j];
                }
            }
        } else if (rows == MR && dRs == 1) {
            scatterTransposed(tile, cols, c, base, dCs, accumulate);
        } else {
            // Transposed D: walk C's rows (tile columns) so that C is written contiguously.
            for (int j = 0; j < cols; j++) {
                int d = base + j * dCs;
                for (int r = 0; r < rows; r++) {
                    float v = tile[r * NR + j];
                    c[d + r * dRs] = accumulate ? c[d + r * dRs] + v : v;
                }
            }
        }
    }

    /**
     * A full-height tile of a transposed D ({@code dRs == 1}, {@code C^T = W X^T}, the forward product) into C: each
     * tile column is six consecutive floats of one row of C. Written out for the six rows, so that C2 checks the six
     * indices of a column at once and keeps the tile's reads in registers: the loop over rows spent most of its time
     * on a bounds check and an index update per float. The same values and additions as that loop.
     */
    private static void scatterTransposed(float[] tile, int cols, float[] c, int base, int dCs, boolean accumulate) {
        if (accumulate) {
            for (int j = 0, d = base; j < cols; j++, d += dCs) {
                c[d] += tile[j];
                c[d + 1] += tile[NR + j];
                c[d + 2] += tile[2 * NR + j];
                c[d + 3] += tile[3 * NR + j];
                c[d + 4] += tile[4 * NR + j];
                c[d + 5] += tile[5 * NR + j];
            }
        } else {
            for (int j = 0, d = base; j < cols; j++, d += dCs) {
                c[d] = tile[j];
                c[d + 1] = tile[NR + j];
                c[d + 2] = tile[2 * NR + j];
                c[d + 3] = tile[3 * NR + j];
                c[d + 4] = tile[4 * NR + j];
                c[d + 5] = tile[5 * NR + j];
            }
        }
    }
}
