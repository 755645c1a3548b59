package org.drtp.tensor;

/**
 * One {@link VectorGemm} call, planned: which kernel family computes it, on which operand layout, and how
 * it splits into parts for the {@link WorkerPool}. Reused per calling thread (no allocation per call).
 *
 * <p>Planning rules (they depend only on the shape and transposes, never on the thread count, so the
 * result of a product never depends on how many threads computed it):
 * <ul>
 *   <li>{@code B} not transposed (NN, TN): with at most {@value #AXPY_MAX_M} rows or a depth of at most
 *       {@value #AXPY_MAX_K}, {@link SmallGemm#axpy}
 *       on the operands in place; otherwise {@link BlockedGemm} with {@code D = C}, {@code P = op(A)}
 *       (read in place, or packed into micro-panels when B is wide) and {@code Q = B} packed by rows.</li>
 *   <li>{@code B} transposed (NT, TT; TT first copies {@code A^T} when small): with fewer than one vector
 *       of depth, {@code B^T} is copied and the AXPY form used; with a side of at most
 *       {@value #DOT_MAX_SIDE}, {@link SmallGemm#dot}; otherwise {@link BlockedGemm} on whichever
 *       orientation packs (transposes) the smaller operand: {@code C = A B^T} with Q = B^T, or
 *       {@code C^T = B A^T} with P = B and Q = A^T (then D = C^T is written through strides).</li>
 *   <li>A blocked product splits the longer side in tiles, except that one whose rows the caller wants as they become
 *       final splits its rows when it can ({@link #splitRowsIfWanted}).</li>
 * </ul>
 */
final class GemmTask implements WorkerPool.Job {

    /**
     * Crossovers measured on the project machines (one thread): NN/TN 784x1000 products ran faster
     * unpacked up to m = 2-3 rows (packing B costs ~100 us there), blocked from m = 4; NT 1000x784
     * products ran faster as dot products up to m = 16 (~120 GFLOPS), blocked from m = 24.
     */
    static final int AXPY_MAX_M = 3;
    /**
     * A shallow product (batch-1 or micro-batch weight gradient, {@code dW += dz^T x} with k = examples) is a
     * rank-k update: each row of C is read and written once, B's k rows stay in L1, and packing would cost more
     * than the product. Blocked from k = 9 on.
     */
    static final int AXPY_MAX_K = 8;
    /** From this many rows an AXPY product is split by rows rather than by columns. */
    static final int AXPY_ROW_SPLIT = 64;
    static final int DOT_MAX_SIDE = 16;
    /** Fewest row tiles for which a product whose rows are wanted splits them ({@link #splitRowsIfWanted}). */
    static final int WANTED_ROWS_MIN_TILES = 16;

    /**
     * A product split over T threads comes in {@code 3T} parts of shrinking size, claimed in order: T parts that are
     * 9/13 of the work, T of 3/13, T of 1/13. Each thread first takes a big part, and the small parts at the end even
     * out a thread that runs slower: on the project's 2-vCPU machines the two vCPUs' speeds differ from minute to
     * minute (a part took 480 us on one, 830 us on the other), and with four equal parts the faster thread waited
     * 190-520 us per product. Measured against four equal parts (2 threads, the two splits alternated in rounds in
     * one JVM, docs/performance.md): +4-15 % at every batch-60 bench shape, equal at the batch-1 shapes. The split
     * never changes a result (every element is computed whole by one part).
     */
    private static final int[] GUIDED_SHARES = {9, 3, 1};
    private static final int GUIDED_TOTAL = 13;
    /** Parts per thread of a split product: one per round of {@link #GUIDED_SHARES}. */
    static final int PARTS_PER_THREAD = GUIDED_SHARES.length;

    private static final int AXPY = 0, DOT = 1, BLOCKED = 2;
    private static final ThreadLocal<GemmTask> LOCAL = ThreadLocal.withInitial(GemmTask::new);

    private int path;
    private int m, n, k;
    private float[] a, b, c;
    private int aOff, aRs, aPs, bOff, ldb, cOff, ldc;
    private boolean accumulate;
    // Blocked form: D(i,j) = c[cOff + i*dRs + j*dCs] (M x N), P(i,l) = a[aOff + i*aRs + l*aPs], Q packed from b.
    private int dRs, dCs;
    private boolean qTransposed;
    private boolean splitRows;
    /** Threads the parts of the current product are run on ({@link #bound}). */
    private int threads;
    /** Q packed once for all parts of a row split (null: each part packs its own blocks). */
    private float[] prepacked;
    /** P packed in micro-panels once for all parts of a column split (null: each part packs its own, or none). */
    private float[] panels;
    /** Packs {@link #prepacked} or {@link #panels} in chunks from the parts themselves, before they multiply. */
    private final SharedPacking sharing = new SharedPacking();
    /** Receives rows of C as parts finish them ({@link #deliversRows}), or null. */
    private Gemm.RowsDone done;

    static GemmTask local() {
        return LOCAL.get();
    }

    /** Plans {@code C = beta C + op(A) op(B)}; arguments already checked, m, n, k > 0. */
    void plan(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              boolean accumulate, float[] c, int cOff, int ldc) {
        this.k = k;
        this.accumulate = accumulate;
        this.splitRows = false; // the task is reused: every path below decides it afresh
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        if (!transB) {
            set(m, n, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, ldb);
            path = m <= AXPY_MAX_M || k <= AXPY_MAX_K ? AXPY : BLOCKED;
            // A rank-k update of many rows splits by rows: each thread then streams its own rows of C, the same
            // ones every call, which stay in that core's L2 (batch-1 learning of a 784x500 layer: 0.8 MB each).
            splitRows = path == AXPY && m >= AXPY_ROW_SPLIT;
            if (path == BLOCKED) {
                blocked(ldc, 1, false);
            }
            return;
        }
        Workspace ws = Workspace.get();
        boolean small = k < MicroKernel.VL || Math.min(m, n) <= DOT_MAX_SIDE;
        if (transA && small) {
            // TT, small: lay op(A) out with rows contiguous along k, then it is NT.
            float[] t = ws.left(m * k);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    t[i * k + p] = a[aOff + p * lda + i];
                }
            }
            a = t;
            aOff = 0;
            lda = k;
            transA = false;
        }
        if (!transA && k < MicroKernel.VL) {
            // Too shallow for dot products: copy B^T (k x n) and use the AXPY form.
            float[] t = ws.right(k * n);
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    t[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            set(m, n, a, aOff, lda, 1, t, 0, n);
            path = AXPY;
            splitRows = m >= AXPY_ROW_SPLIT;
        } else if (!transA && Math.min(m, n) <= DOT_MAX_SIDE) {
            set(m, n, a, aOff, lda, 1, b, bOff, ldb);
            path = DOT;
            splitRows = m > n;
        } else if (transA) {
            // TT: C^T = B A with P = B (rows along k) and Q = A (stored k x m, rows along m): no transpose.
            set(n, m, b, bOff, ldb, 1, a, aOff, lda);
            path = BLOCKED;
            blocked(1, ldc, false);
        } else if (m <= n) {
            // NT, A the smaller: C^T = B A^T, P = B in place, Q = A^T packed by transposing A.
            set(n, m, b, bOff, ldb, 1, a, aOff, lda);
            path = BLOCKED;
            blocked(1, ldc, true);
        } else {
            // NT, B the smaller: C = A B^T, P = A in place, Q = B^T packed by transposing B.
            set(m, n, a, aOff, lda, 1, b, bOff, ldb);
            path = BLOCKED;
            blocked(ldc, 1, true);
        }
    }

    /**
     * Sets (or with null clears) the receiver of final rows of C for the next {@link #run}s; it is called by the
     * parts themselves only when {@link #deliversRows}, else the caller hands over all rows after the product.
     */
    void deliverRowsTo(Gemm.RowsDone done) {
        this.done = done;
    }

    /**
     * Called when the caller wants C's rows as they become final (the optimizer step fused into the weight gradient): a
     * blocked product that would split its columns splits its rows instead, when it has at least
     * {@value #WANTED_ROWS_MIN_TILES} row tiles (parts enough for a few threads) and Q fits one prepacked copy shared by
     * the parts. Its parts then hand rows over tile row by tile row and the optimizer steps them while they are in
     * cache, instead of reading the whole gradient back after the product. The conv net's 1000x6272 weight gradient
     * splits its 392 column tiles otherwise; with rows, a conv training step took 0.93x the time (DRTP) and 0.96x (BP),
     * the two plans alternated in rounds in one JVM on 2 threads (docs/performance.md). Never changes a result.
     */
    void splitRowsIfWanted() {
        if (path == BLOCKED && dCs == 1 && !splitRows && (m + MicroKernel.MR - 1) / MicroKernel.MR >= WANTED_ROWS_MIN_TILES
                && BlockedGemm.prepackedSize(k, n) <= BlockedGemm.PREPACK_MAX) {
            splitRows = true;
        }
    }

    /** Whether the parts split C's rows and so can hand each its own rows when done with them. */
    boolean deliversRows() {
        return splitRows && (path != BLOCKED || dCs == 1);
    }

    private void set(int m, int n, float[] a, int aOff, int aRs, int aPs, float[] b, int bOff, int ldb) {
        this.m = m;
        this.n = n;
        this.a = a;
        this.aOff = aOff;
        this.aRs = aRs;
        this.aPs = aPs;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
    }

    private void blocked(int dRs, int dCs, boolean qTransposed) {
        this.dRs = dRs;
        this.dCs = dCs;
        this.qTransposed = qTransposed;
        // Split the longer side in tiles; splitting columns avoids packing Q twice, so it wins ties.
        int rowTiles = (m + MicroKernel.MR - 1) / MicroKernel.MR;
        int colTiles = (n + MicroKernel.NR - 1) / MicroKernel.NR;
        splitRows = rowTiles > colTiles;
    }

    /**
     * Called by the planning thread once the number of parts is known: when several parts need the same packed
     * operand, it is packed once and shared read-only instead of once per part (and per column block), by the parts
     * themselves in chunks ({@link SharedPacking}). Parts that split the rows of a blocked product all need all of Q;
     * parts that split its columns all need all of P's micro-panels, when the product is wide enough for panels to pay
     * ({@link BlockedGemm#PACK_P_MIN_SLIVERS}); a part narrower than that then reads them too (the packed and in-place
     * kernels give the same bits).
     */
    void prepare(int parts, int threads) {
        this.threads = threads;
        prepacked = null;
        panels = null;
        if (path != BLOCKED || parts < 2) {
            return;
        }
        if (splitRows) {
            long size = BlockedGemm.prepackedSize(k, n);
            if (size <= BlockedGemm.PREPACK_MAX) {
                prepacked = Workspace.get().shared((int) size);
                sharing.setQ(k, n, b, bOff, ldb, qTransposed, prepacked);
            }
        } else if ((n + MicroKernel.NR - 1) / MicroKernel.NR >= BlockedGemm.PACK_P_MIN_SLIVERS) {
            long size = BlockedGemm.prepackedPanelsSize(m, k);
            if (size <= BlockedGemm.PREPACK_MAX) {
                panels = Workspace.get().shared((int) size);
                sharing.setPanels(m, k, a, aOff, aRs, aPs, panels);
            }
        }
    }

    /** Multiply-adds of the whole product, the measure of whether threads pay. */
    long work() {
        return (long) m * n * k;
    }

    /** Most parts this task can be split into. */
    int maxParts() {
        return switch (path) {
            case AXPY -> splitRows ? m : (n + SmallGemm.AXPY_CHUNK - 1) / SmallGemm.AXPY_CHUNK;
            case DOT -> splitRows ? m : (n + SmallGemm.DOT_BLOCK - 1) / SmallGemm.DOT_BLOCK;
            default -> splitRows ? (m + MicroKernel.MR - 1) / MicroKernel.MR : (n + MicroKernel.NR - 1) / MicroKernel.NR;
        };
    }

    @Override
    public void run(int part, int parts) {
        switch (path) {
            case AXPY -> {
                if (splitRows) {
                    int i0 = bound(part, parts, m, 1), i1 = bound(part + 1, parts, m, 1);
                    SmallGemm.axpy(i0, i1, 0, n, k, a, aOff, aRs, aPs, b, bOff, ldb, c, cOff, ldc, accumulate);
                    deliver(i0, i1);
                } else {
                    int j0 = bound(part, parts, n, SmallGemm.AXPY_CHUNK), j1 = bound(part + 1, parts, n, SmallGemm.AXPY_CHUNK);
                    SmallGemm.axpy(0, m, j0, j1, k, a, aOff, aRs, aPs, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
            }
            case DOT -> {
                if (splitRows) {
                    int i0 = bound(part, parts, m, 1), i1 = bound(part + 1, parts, m, 1);
                    SmallGemm.dot(i0, i1, 0, n, k, a, aOff, aRs, b, bOff, ldb, c, cOff, ldc, accumulate);
                    deliver(i0, i1);
                } else {
                    int j0 = bound(part, parts, n, SmallGemm.DOT_BLOCK), j1 = bound(part + 1, parts, n, SmallGemm.DOT_BLOCK);
                    SmallGemm.dot(0, m, j0, j1, k, a, aOff, aRs, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
            }
            default -> {
                if (prepacked != null || panels != null) {
                    sharing.packAndAwait();
                }
                Workspace ws = Workspace.get();
                if (splitRows) {
                    int i0 = bound(part, parts, m, MicroKernel.MR), i1 = bound(part + 1, parts, m, MicroKernel.MR);
                    BlockedGemm.run(i0, i1, 0, n, k, a, aOff, aRs, aPs, b, bOff, ldb, qTransposed, prepacked, null,
                            c, cOff, dRs, dCs, accumulate, ws, deliversRows() ? done : null);
                } else {
                    int j0 = bound(part, parts, n, MicroKernel.NR), j1 = bound(part + 1, parts, n, MicroKernel.NR);
                    BlockedGemm.run(0, m, j0, j1, k, a, aOff, aRs, aPs, b, bOff, ldb, qTransposed, null, panels,
                            c, cOff, dRs, dCs, accumulate, ws, null);
                }
            }
        }
    }

    private void deliver(int i0, int i1) {
        if (done != null && i0 < i1) {
            done.rows(i0, i1);
        }
    }

    /** Start of part {@code part} of {@code parts} over {@code size} items cut at multiples of {@code unit}. */
    private int bound(int part, int parts, int size, int unit) {
        int units = (size + unit - 1) / unit;
        if (threads > 1 && parts == GUIDED_SHARES.length * threads) {
            if (part >= parts) {
                return size;
            }
            int round = part / threads;
            long start = 0;
            for (int r = 0; r < round; r++) {
                start += GUIDED_SHARES[r];
            }
            // In units of 1 / (threads * total): the parts of round r are GUIDED_SHARES[r] / total of the work, split
            // equally between the threads.
            long at = start * threads + (long) GUIDED_SHARES[round] * (part % threads);
            return Math.min(size, (int) (units * at / ((long) threads * GUIDED_TOTAL)) * unit);
        }
        return Math.min(size, (int) ((long) units * part / parts) * unit);
    }

    /** Drops the references to the caller's arrays so that the reused task does not keep them alive. */
    void clear() {
        a = null;
        b = null;
        c = null;
        prepacked = null;
        panels = null;
        sharing.clear();
        done = null;
    }
}
