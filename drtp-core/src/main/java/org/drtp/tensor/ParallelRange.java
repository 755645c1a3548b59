package org.drtp.tensor;

/**
 * An element-wise job over {@code [0, length)} split across the kernel threads (the same persistent pool as the
 * matrix products). Subclass it once, set your arrays in fields, and call {@link #execute} per use: nothing is
 * allocated per call. Each element is computed by exactly one thread, the same way, so results do not depend on
 * the thread count.
 */
public abstract class ParallelRange implements WorkerPool.Job {

    /** Below this many elements per part the hand-off costs more than it saves. */
    private static final int MIN_PER_PART = 1 << 15;

    private int length;

    /** Processes elements {@code [from, to)}. */
    protected abstract void range(int from, int to);

    /** Runs {@link #range} over {@code [0, length)}, in parallel when it is large enough to pay. */
    public final void execute(int length) {
        this.length = length;
        int threads = Kernels.threads();
        int parts = Math.min(2 * threads, length / MIN_PER_PART);
        if (threads < 2 || parts < 2 || !WorkerPool.shared().run(this, parts, threads - 1)) {
            range(0, length);
        }
    }

    @Override
    public final void run(int part, int parts) {
        int from = (int) ((long) length * part / parts);
        int to = (int) ((long) length * (part + 1) / parts);
        range(from, to);
    }
}
