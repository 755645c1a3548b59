package org.drtp.tensor;

/**
 * Fast {@link Gemm} on the JDK Vector API ({@code jdk.incubator.vector}): packed, register-blocked
 * (6 x 2-vector micro-kernel, FMA), cache-blocked, and split over a persistent pool of daemon threads.
 *
 * <p>Computes {@code C = beta C + op(A) op(B)} exactly as the {@link Gemm} contract states, for all four
 * transpose combinations, any offsets and leading dimensions, beta 0 (C's old content ignored, NaN
 * included) or 1. Which kernel runs is decided from the shape alone ({@link GemmTask}): unpacked AXPY or
 * dot-product kernels for a few rows or a shallow depth (batch-1 online learning, where packing would
 * dominate), the blocked kernel otherwise.
 *
 * <p>Threads: a product is split only when it has at least {@code minWorkPerPart} multiply-adds per
 * part, over at most {@code threads} threads (default: {@link Kernels#threads()}). Each element of C is
 * computed by one thread with the same order of operations whatever the split, so results are
 * bit-identical for any thread count. Rounding differs from {@link PlainGemm} (FMA, other summation
 * order) within the usual {@code sqrt(k) * eps * |a| |b|} bound.
 *
 * <p>Requires {@code --add-modules jdk.incubator.vector}; {@link Kernels} only loads this class when the
 * module is present. Thread-safe; steady-state calls allocate nothing (per-thread scratch space).
 */
public final class VectorGemm implements Gemm, FusedDenseStep {

    /** Below this many multiply-adds per thread the hand-off costs more than it saves (measured). */
    static final long DEFAULT_MIN_WORK_PER_PART = 1L << 17;

    private final int threads;
    private final long minWorkPerPart;

    /** With {@link Kernels#threads()} threads. */
    public VectorGemm() {
        this(Kernels.threads());
    }

    /** With at most {@code threads} threads per product (1 = the calling thread only). */
    public VectorGemm(int threads) {
        this(threads, DEFAULT_MIN_WORK_PER_PART);
    }

    /** Tests: a low {@code minWorkPerPart} forces the multi-threaded path on small shapes. */
    VectorGemm(int threads, long minWorkPerPart) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (minWorkPerPart < 1) {
            throw new IllegalArgumentException("minWorkPerPart must be >= 1, got " + minWorkPerPart);
        }
        this.threads = threads;
        this.minWorkPerPart = minWorkPerPart;
    }

    @Override
    public String name() {
        return "vector";
    }

    /** Most threads one product uses. */
    public int threads() {
        return threads;
    }

    /** Vector width in bits of the species the kernels use (256 on AVX2, 512 on AVX-512). */
    public static int vectorBits() {
        return MicroKernel.SPECIES.vectorBitSize();
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * Rows of C reach {@code done} from the parts that computed them when the plan splits C's rows (the weight
     * gradient's TN product: tile row by tile row, see {@link BlockedGemm#run}); otherwise all at the end.
     */
    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc, RowsDone done) {
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (m == 0) {
            return;
        }
        if (n == 0 || k == 0) {
            if (beta == 0f) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            if (done != null) {
                done.rows(0, m);
            }
            return;
        }
        GemmTask task = GemmTask.local();
        boolean delivered = false;
        try {
            task.plan(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta == 1f, c, cOff, ldc);
            if (done != null) {
                task.splitRowsIfWanted();
            }
            delivered = done != null && task.deliversRows();
            task.deliverRowsTo(delivered ? done : null);
            int parts = threads < 2 ? 1 : (int) Math.min(Math.min(threads * GemmTask.PARTS_PER_THREAD, task.maxParts()),
                    Math.min(task.work() / minWorkPerPart, WorkerPool.MAX_PARTS));
            task.prepare(parts, threads);
            if (parts < 2 || !WorkerPool.shared().run(task, parts, threads - 1)) {
                task.run(0, 1);
            }
        } finally {
            task.clear();
        }
        if (done != null && !delivered) {
            RowsHandOver.local().deliver(done, m, n, threads, minWorkPerPart);
        }
    }

    /** The terms of the sum in one hand-off, each part packing only its own columns ({@link ProductSum}). */
    @Override
    public void sumOfProductsNT(int count, int m, int n, int k,
                                float[] a, int aOff, int aStep, int lda,
                                float[] b, int bOff, int bStep, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        if (count < 1 || m == 0 || !ProductSum.applies(m, n, k)) {
            Gemm.super.sumOfProductsNT(count, m, n, k, a, aOff, aStep, lda, b, bOff, bStep, ldb, beta, c, cOff, ldc);
            return;
        }
        // The terms' offsets move linearly: the first and the last bound them all.
        Gemm.checkArguments(false, true, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Gemm.checkArguments(false, true, m, n, k, a, aOff + (count - 1) * aStep, lda, b, bOff + (count - 1) * bStep, ldb,
                beta, c, cOff, ldc);
        ProductSum task = ProductSum.local();
        try {
            // Split Q's slivers when there are two or more (no packing twice); else (one sliver: AVX-512) P's tiles.
            task.plan(count, m, n, k, a, aOff, aStep, lda, b, bOff, bStep, ldb, beta == 1f, c, cOff, ldc, true);
            int parts = threads < 2 ? 1 : (int) Math.min(Math.min(threads, task.maxParts()), task.work() / minWorkPerPart);
            if (parts < 2 || !WorkerPool.shared().run(task, parts, threads - 1)) {
                task.run(0, 1);
            }
        } finally {
            task.clear();
        }
    }

    @Override
    public void forwardUpdate(float[] w, float[] b, float[] x, int in, int out, Activation act, float[] signal, float scale,
                              float[] y) {
        DenseStepTask task = DenseStepTask.local();
        try {
            task.set(w, b, x, in, out, act, signal, scale, y);
            // Each core keeps the same part of the rows call after call, and neighbouring parts sweep apart
            // (DenseStepTask.split). If a core is busy (another process on a shared machine), the caller claims its
            // part too.
            int cores = fusedStepCores(in, out);
            if (cores < 2 || !WorkerPool.shared().run(task, task.split(cores), cores - 1)) {
                task.run(0, 1);
            }
        } finally {
            task.clear();
        }
    }

    /**
     * Each core keeps its rows of W and runs them ahead of the others, a block of rows through a group of examples
     * while it is in L1, meeting the other cores only through one progress word per group ({@link DenseStepPipeline}):
     * per-example calls meet at the pool's hand-off and join twice per example, share the example's vectors between
     * the cores and read every row from L2 once per example.
     */
    @Override
    public void forwardUpdateSequence(float[] w, float[] b, int in, int out, Activation act, float scale, int count,
                                      Examples examples, Outputs outputs) {
        DenseStepPipeline.local(in, out, Math.max(1, fusedStepCores(in, out))).run(w, b, act, scale, count, examples,
                outputs);
    }

    /**
     * Cores for a fused batch-1 step on an out x in layer: one per block of rows at most, and one per
     * {@code minWorkPerPart} multiply-adds at most (below that the hand-off costs more than it saves); 0 when the layer
     * is too small for even one.
     */
    private int fusedStepCores(int in, int out) {
        return threads < 2 ? 1
                : (int) Math.min(Math.min(threads, DenseStepTask.blocks(0, out)), (long) in * out / minWorkPerPart);
    }

    /**
     * Hands all rows of C to a receiver after a product whose parts could not (they split C's columns, e.g. the conv
     * net's 1000x6272 weight gradient, or one part computed it all): over the pool's threads in row ranges when there
     * is enough to do, since the receiver is usually the optimizer stepping every element of the rows. Handing them
     * over on the calling thread alone made the conv net's Adam step single-threaded (docs/performance.md).
     */
    private static final class RowsHandOver extends ParallelRange {
        private static final ThreadLocal<RowsHandOver> LOCAL = ThreadLocal.withInitial(RowsHandOver::new);
        private RowsDone done;

        static RowsHandOver local() {
            return LOCAL.get();
        }

        void deliver(RowsDone done, int m, int n, int threads, long minWorkPerPart) {
            this.done = done;
            try {
                // Elements per part at least minWorkPerPart / 4: an optimizer's element costs a few multiply-adds' time.
                execute(m, n, threads, minWorkPerPart / 4);
            } finally {
                this.done = null;
            }
        }

        @Override
        protected void range(int from, int to) {
            done.rows(from, to);
        }
    }

    @Override
    public String toString() {
        return "vector (" + threads + (threads == 1 ? " thread, " : " threads, ") + vectorBits() + "-bit)";
    }
}
