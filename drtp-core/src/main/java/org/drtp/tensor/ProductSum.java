package org.drtp.tensor;

/**
 * {@link VectorGemm}'s sum of NT products {@code C = beta C + sum_e A_e B_e^T} ({@link Gemm#sumOfProductsNT}): the
 * conv layer's weight gradient, one small product per example ({@code 32 x 25}, depth 784 at the Fashion-MNIST net).
 *
 * <p>Why not one {@link VectorGemm#multiply} per term: each such call packs its Q on the calling thread, hands 4 parts
 * to the pool and waits, for 1.25 MFLOP of work. Here each part owns some columns of Q for every term: it packs only
 * those and runs the kernels on them, term after term, with one hand-off for the whole sum. Measured at the bench's
 * conv net on 2 threads: 0.92 ms per step against 1.83 ms for the loop (docs/performance.md, "The passes around the
 * products on all threads").
 *
 * <p>The same bits as the loop of products: for these shapes ({@link #applies}) each product runs
 * {@link BlockedGemm}, whose every element is one FMA chain per depth block in increasing depth, the blocks added to C
 * in order; this class runs the same chains with the same depth blocks and adds them in the same order, term by term.
 * An FMA's product does not depend on which operand is P and which is Q, so the roles are chosen for the split: Q is
 * the operand with more rows (the conv gradient's 32 channels: two 16-column slivers on AVX2, one per thread) and P,
 * read in place, the other.
 */
final class ProductSum implements WorkerPool.Job {

    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;
    private static final ThreadLocal<ProductSum> LOCAL = ThreadLocal.withInitial(ProductSum::new);

    private int count;
    private int k;
    private float[] p;
    private int pOff;
    private int pStep;
    private int pLd;
    private int rows;
    private float[] q;
    private int qOff;
    private int qStep;
    private int qLd;
    private int cols;
    private float[] c;
    private int cOff;
    private int dRs;
    private int dCs;
    private boolean accumulate;
    /** Parts split Q's slivers (each packs its own); else P's tiles, each part packing all of Q. */
    private boolean splitSlivers;

    static ProductSum local() {
        return LOCAL.get();
    }

    /**
     * Whether one term {@code m x n} of depth {@code k} runs the blocked kernels in {@link VectorGemm#multiply}
     * ({@link GemmTask}'s plan for NT), so that this class reproduces its sums.
     */
    static boolean applies(int m, int n, int k) {
        return k >= MicroKernel.VL && Math.min(m, n) > GemmTask.DOT_MAX_SIDE;
    }

    void plan(int count, int m, int n, int k, float[] a, int aOff, int aStep, int lda,
              float[] b, int bOff, int bStep, int ldb, boolean accumulate, float[] c, int cOff, int ldc,
              boolean preferSlivers) {
        this.count = count;
        this.k = k;
        this.accumulate = accumulate;
        this.c = c;
        this.cOff = cOff;
        if (m >= n) {
            // C^T = B A^T: P = B (n rows), Q = A^T (m columns), D = C transposed.
            set(b, bOff, bStep, ldb, n, a, aOff, aStep, lda, m);
            dRs = 1;
            dCs = ldc;
        } else {
            set(a, aOff, aStep, lda, m, b, bOff, bStep, ldb, n);
            dRs = ldc;
            dCs = 1;
        }
        splitSlivers = preferSlivers && slivers() >= 2;
    }

    private void set(float[] p, int pOff, int pStep, int pLd, int rows, float[] q, int qOff, int qStep, int qLd, int cols) {
        this.p = p;
        this.pOff = pOff;
        this.pStep = pStep;
        this.pLd = pLd;
        this.rows = rows;
        this.q = q;
        this.qOff = qOff;
        this.qStep = qStep;
        this.qLd = qLd;
        this.cols = cols;
    }

    private int slivers() {
        return (cols + NR - 1) / NR;
    }

    /** Most parts the sum splits into. */
    int maxParts() {
        return splitSlivers ? slivers() : (rows + MR - 1) / MR;
    }

    /** Multiply-adds of the whole sum. */
    long work() {
        return (long) count * rows * cols * k;
    }

    void clear() {
        p = null;
        q = null;
        c = null;
    }

    @Override
    public void run(int part, int parts) {
        int units = maxParts();
        int u0 = (int) ((long) units * part / parts), u1 = (int) ((long) units * (part + 1) / parts);
        int j0 = 0, j1 = cols, i0 = 0, i1 = rows;
        if (splitSlivers) {
            j0 = u0 * NR;
            j1 = Math.min(cols, u1 * NR);
        } else {
            i0 = u0 * MR;
            i1 = Math.min(rows, u1 * MR);
        }
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        int width = j1 - j0;
        int kBlocks = BlockedGemm.kBlocks(k);
        Workspace ws = Workspace.get();
        float[] packed = ws.packed(BlockedGemm.maxBlockDepth(k) * BlockedGemm.paddedColumns(width));
        float[] tile = ws.tile(MR * NR);
        for (int e = 0; e < count; e++) {
            int pBase = pOff + e * pStep, qBase = qOff + e * qStep;
            for (int kb = 0; kb < kBlocks; kb++) {
                // The depth blocks of BlockedGemm#run for depth k.
                int pc = BlockedGemm.blockStart(kb, k);
                int kc = BlockedGemm.blockStart(kb + 1, k) - pc;
                Packing.packColumns(q, qBase + j0 * qLd + pc, qLd, kc, width, packed, 0);
                boolean acc = accumulate || e > 0 || kb > 0;
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    for (int js = 0; js < width; js += NR) {
                        int nr = Math.min(NR, width - js);
                        int dBase = cOff + i * dRs + (j0 + js) * dCs;
                        float[] out = dCs == 1 && mr == MR && nr == NR ? null : tile;
                        MicroKernel.tileUnitStride(kc, p, pBase + i * pLd + pc, pLd, mr, packed, js * kc,
                                c, dBase, dRs, acc, out);
                        if (out != null) {
                            BlockedGemm.scatter(tile, mr, nr, c, dBase, dRs, dCs, acc);
                        }
                    }
                }
            }
        }
    }
}
