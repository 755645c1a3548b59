package org.drtp.tensor;

/**
 * An element-wise job over {@code [0, length)} split across the kernel threads (the same persistent pool as the
 * matrix products). Subclass it once, set your arrays in fields, and call {@link #execute} per use: nothing is
 * allocated per call. Each element is computed by exactly one thread, the same way, so results do not depend on
 * the thread count. A job over items of several elements each (the planes of a conv layer's maps) splits between
 * items: {@link #execute(int, int)}.
 */
public abstract class ParallelRange implements WorkerPool.Job {

    /** Below this many elements per part the hand-off costs more than it saves. */
    private static final int MIN_PER_PART = 1 << 15;

    private final int minPerPart;
    private int length;

    /** A job of light elements (a few operations each, bound by memory): parts of at least 32,768. */
    protected ParallelRange() {
        this(MIN_PER_PART);
    }

    /** A job whose parts pay from {@code minPerPart} elements (fewer for costlier elements, e.g. a tanh each). */
    protected ParallelRange(int minPerPart) {
        this.minPerPart = minPerPart;
    }

    /** Processes elements (or items) {@code [from, to)}. */
    protected abstract void range(int from, int to);

    /** Runs {@link #range} over {@code [0, length)}, in parallel when it is large enough to pay. */
    public final void execute(int length) {
        execute(length, 1);
    }

    /**
     * Runs {@link #range} over items {@code [0, items)} of {@code itemSize} elements each, in parallel when their
     * elements are many enough to pay; a part is always whole items.
     */
    public final void execute(int items, int itemSize) {
        execute(items, itemSize, Kernels.threads(), minPerPart);
    }

    /**
     * {@link #execute(int, int)} on at most {@code threads} threads, parts of at least {@code minPerPart} elements: for
     * a caller with its own thread count ({@link VectorGemm}'s hand-over of finished rows).
     */
    final void execute(int items, int itemSize, int threads, long minPerPart) {
        this.length = items;
        long parts = Math.min(Math.min(2L * threads, items), (long) items * itemSize / Math.max(1, minPerPart));
        if (threads < 2 || parts < 2 || !WorkerPool.shared().run(this, (int) parts, threads - 1)) {
            range(0, items);
        }
    }

    @Override
    public final void run(int part, int parts) {
        int from = (int) ((long) length * part / parts);
        int to = (int) ((long) length * (part + 1) / parts);
        range(from, to);
    }
}
