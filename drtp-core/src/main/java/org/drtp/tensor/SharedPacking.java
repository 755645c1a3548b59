package org.drtp.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operand that every part of one split product reads, packed once by the parts themselves: all of Q for a product
 * whose parts split C's rows, or all of P's micro-panels for one whose parts split C's columns. The copy is cut in
 * chunks (a k block times a range of Q's slivers or of P's row tiles); each part first claims and packs chunks until
 * none is left, then waits for the chunks other threads are still packing, and only then multiplies.
 *
 * <p>Layouts, k block after k block ({@link BlockedGemm#kBlocks}; the block of depths {@code [pc, pc + kc)}):
 * <ul>
 *   <li>Q: at {@code pc * paddedColumns(n)}, that block's {@link Packing} slivers of all {@code n} columns;</li>
 *   <li>P: at {@code pc * paddedRows(m)}, that block's {@link Packing#packPanels} micro-panels of all {@code m}
 *       rows.</li>
 * </ul>
 *
 * <p>Why: packed on the calling thread before the parts started, the shared Q kept the other core idle for its whole
 * duration (20-40 us at the batch-60 bench shapes, products of 0.5-1 ms); packed by each part on its own, P's panels
 * were packed once per part and column block. Measured in one JVM, 2 threads, old and new alternated in 12 rounds
 * (docs/performance.md): +6-10 % at the forward NT shapes, +2-7 % at BP's NN shapes. A wait never deadlocks: a chunk
 * is only waited for after a running thread claimed it, and packing a chunk waits for nothing. Which thread packs a
 * chunk changes no value, so the products give the same bits.
 */
final class SharedPacking {

    /** Floats per chunk: small enough that two threads share even the smallest shared copy, large for few claims. */
    private static final int CHUNK_FLOATS = 16 * 1024;
    /** Spin-wait hints before a waiting part yields its core: some tens of microseconds. */
    private static final int SPINS_BEFORE_YIELD = 1000;

    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger packed = new AtomicInteger();
    private float[] src;
    private int srcOff, rs, ps, ld;
    private boolean panels, transposed;
    /** Q's columns or P's rows, packed in units of NR columns (slivers) or MR rows (tiles), padded to a whole unit. */
    private int extent, unit, padded;
    private int k, chunksPerBlock, unitsPerChunk, chunks;
    private float[] dst;

    /** Q ({@code k x n}, rows {@code q[qOff + l*qLd + j]} or transposed) for all parts of a row split. */
    void setQ(int k, int n, float[] q, int qOff, int qLd, boolean qTransposed, float[] dst) {
        set(false, k, n, q, qOff, 0, 0, qLd, qTransposed, dst);
    }

    /** P ({@code m x k}, {@code P(i, l) = p[pOff + i*pRs + l*pPs]}) in micro-panels for all parts of a column split. */
    void setPanels(int m, int k, float[] p, int pOff, int pRs, int pPs, float[] dst) {
        set(true, k, m, p, pOff, pRs, pPs, 0, false, dst);
    }

    private void set(boolean panels, int k, int extent, float[] src, int srcOff, int rs, int ps, int ld,
                     boolean transposed, float[] dst) {
        this.panels = panels;
        this.k = k;
        this.src = src;
        this.srcOff = srcOff;
        this.rs = rs;
        this.ps = ps;
        this.ld = ld;
        this.transposed = transposed;
        this.dst = dst;
        this.extent = extent;
        unit = panels ? MicroKernel.MR : MicroKernel.NR;
        padded = panels ? BlockedGemm.paddedRows(extent) : BlockedGemm.paddedColumns(extent);
        unitsPerChunk = Math.max(1, CHUNK_FLOATS / (BlockedGemm.maxBlockDepth(k) * unit));
        chunksPerBlock = (padded / unit + unitsPerChunk - 1) / unitsPerChunk;
        chunks = BlockedGemm.kBlocks(k) * chunksPerBlock;
        claimed.set(0);
        packed.set(0);
    }

    /**
     * Packs chunks until none is left to claim, then waits until every chunk is packed: spinning first (a chunk takes
     * 3-20 us), then yielding the core, in case the thread packing the last chunk waits for it (more runnable threads
     * than cores, e.g. several jobs on one node).
     */
    void packAndAwait() {
        for (int chunk; (chunk = claimed.getAndIncrement()) < chunks; ) {
            pack(chunk);
            packed.incrementAndGet();
        }
        for (int spins = 0; packed.get() < chunks; spins++) {
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void pack(int chunk) {
        int kb = chunk / chunksPerBlock;
        int pc = BlockedGemm.blockStart(kb, k);
        int kc = BlockedGemm.blockStart(kb + 1, k) - pc;
        int from = chunk % chunksPerBlock * unitsPerChunk * unit;
        int to = Math.min(extent, from + unitsPerChunk * unit);
        int blockOff = pc * padded + from * kc;
        if (panels) {
            Packing.packPanels(src, srcOff + from * rs + pc * ps, rs, ps, to - from, kc, dst, blockOff);
        } else {
            BlockedGemm.pack(src, srcOff, ld, transposed, pc, kc, from, to - from, dst, blockOff);
        }
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
        src = null;
        dst = null;
    }
}
