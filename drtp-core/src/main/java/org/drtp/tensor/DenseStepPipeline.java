package org.drtp.tensor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * {@link FusedDenseStep#forwardUpdateSequence} on the pool: each core keeps a fixed range of the layer's rows and runs
 * the fused step ({@link DenseStepTask}) on it group of examples after group, without meeting the other cores; the
 * calling thread also hands each example's whole output to the consumer (the rest of the network), in order.
 *
 * <p>Why it gives the same bits: a row's dot product, epilogue and update for example t read that row's weights and
 * bias as example t-1 left them, example t's input and its signal, nothing of any other row. So a core may run its
 * rows ahead of another core's (up to {@link #RING}{@code - 1} examples), and may take a block of eight rows through
 * {@link #GROUP} examples in a row before the next block: every row still sees the same values in the same order as
 * with one {@link FusedDenseStep#forwardUpdate} per example.
 *
 * <p>Why (measured on Zen 5, FC_500_FC_10, docs/performance.md): one call per example meets the other core twice per
 * example (the pool's hand-off and join) and shares x, the signal and y between the cores, each line 220 ns away.
 * Here each core copies its examples' inputs and signals into its own buffers, and the only lines that cross are its
 * rows' outputs and one progress word per group. And a block of rows that meets a group of examples while it is in
 * L1 is read from L2 and written back once per group instead of once per example: 1.29 against 1.03 ns per 16
 * weights on one core. The caller also runs the rest of the network, so it takes fewer rows: the split moves by one
 * block between chunks of examples towards the side that waited less ({@link #rebalance}).
 *
 * <p>Progress: part 0 is the caller's. Part p &gt; 0 publishes {@code done(p)}, the examples it has finished; the
 * caller publishes {@code consumed}, the examples handed to the consumer, and a part starts a group only once its last
 * example is less than {@link #RING} ahead of {@code consumed} (example t's output goes to ring slot t mod RING). If
 * the pool's worker has not started a part (slow to wake, or its core busy), the caller runs that part's groups itself
 * until it starts: the two announce themselves ({@code started}, {@code stealing}) as in Dekker's protocol, so a part
 * never runs on two threads at once.
 */
final class DenseStepPipeline implements WorkerPool.Job {

    /**
     * Examples each block of rows meets while it is in L1. Online FC_500_FC_10 on two threads, alternated JVMs:
     * groups of 8 gave 1.15-1.20x the samples per second of groups of 1, 16 another 1.04-1.05x, 32 no more.
     */
    static final int GROUP = 16;
    /** Ring slots of outputs: two groups, so that a part can run one group ahead of the consumer. */
    static final int RING = 2 * GROUP;

    static {
        if (RING - 1 > FusedDenseStep.MAX_AHEAD) {
            throw new AssertionError("the ring lets parts run further ahead than FusedDenseStep.MAX_AHEAD promises");
        }
    }
    /** Examples per pool job, whole groups: the split is rebalanced between chunks (a hand-off costs about a microsecond). */
    static final int CHUNK = 64 * GROUP;
    /** Ints per part in {@link #sync}: 128 bytes, so that no two parts' words share a line or its prefetched pair. */
    private static final int STRIDE = 32;
    private static final int DONE = 0, STARTED = 1, STEALING = 2;
    private static final int CONSUMED = 0, ABORTED = 1;
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final ThreadLocal<DenseStepPipeline> LOCAL = new ThreadLocal<>();

    private final int in;
    private final int out;
    private final int parts;
    private final int blocks;
    /** Blocks of rows the caller's part takes; the other parts share the rest evenly. */
    private int callerBlocks;
    /** Sum of (caller's wait - parts' longest wait) over the {@link #chunks} chunks since the split last moved. */
    private long imbalance;
    private int chunks;
    private final int[] first;
    private final DenseStepTask[] tasks;
    private final float[][][] xs;
    private final float[][][] signals;
    private final float[][] ring;
    /** Per part {@code done, started, stealing}; after the parts, {@code consumed, aborted}. */
    private final AtomicIntegerArray sync;
    /** Nanoseconds each part waited in the current chunk (the caller for the parts, a part for ring space). */
    private final long[] waited;

    private FusedDenseStep.Examples examples;
    private FusedDenseStep.Outputs outputs;
    private int from;
    private int to;

    DenseStepPipeline(int in, int out, int parts) {
        this.in = in;
        this.out = out;
        this.parts = parts;
        this.blocks = DenseStepTask.blocks(0, out);
        this.callerBlocks = blocks / parts;
        this.first = new int[parts + 1];
        this.tasks = new DenseStepTask[parts];
        this.xs = new float[parts][GROUP][in];
        this.signals = new float[parts][GROUP][out];
        for (int p = 0; p < parts; p++) {
            tasks[p] = new DenseStepTask();
        }
        this.ring = new float[RING][out];
        this.sync = new AtomicIntegerArray((parts + 1) * STRIDE);
        this.waited = new long[parts * 16];
        split();
    }

    /**
     * The calling thread's pipeline for a layer of this shape on {@code parts} cores: kept from one call to the next, so
     * that the split found by {@link #rebalance} carries over.
     */
    static DenseStepPipeline local(int in, int out, int parts) {
        DenseStepPipeline p = LOCAL.get();
        if (p == null || p.in != in || p.out != out || p.parts != parts) {
            p = new DenseStepPipeline(in, out, parts);
            LOCAL.set(p);
        }
        return p;
    }

    /** The first row of each part, for tests: {@code out} for part = parts. */
    int firstRow(int part) {
        return first[part];
    }

    /** Runs examples [0, count) through the layer on {@code parts} cores, in chunks of {@link #CHUNK}. */
    void run(float[] w, float[] b, Activation act, float scale, int count, FusedDenseStep.Examples examples,
             FusedDenseStep.Outputs outputs) {
        run(w, b, act, scale, count, examples, outputs, true);
    }

    /**
     * Tests: runs examples [0, count) as the pool runs a chunk whose workers never show up, the caller's part first
     * (which then runs every other part's groups itself), then the other parts, which find nothing left.
     */
    void runWithoutWorkers(float[] w, float[] b, Activation act, float scale, int count, FusedDenseStep.Examples examples,
                           FusedDenseStep.Outputs outputs) {
        run(w, b, act, scale, count, examples, outputs, false);
    }

    private void run(float[] w, float[] b, Activation act, float scale, int count, FusedDenseStep.Examples examples,
                     FusedDenseStep.Outputs outputs, boolean workers) {
        attach(w, b, act, scale, examples, outputs);
        try {
            for (int c = 0; c < count; c += CHUNK) {
                begin(c, Math.min(count, c + CHUNK));
                long t0 = System.nanoTime();
                if (parts > 1 && !workers) {
                    for (int p = 0; p < parts; p++) {
                        run(p, parts);
                    }
                } else if (parts == 1 || !WorkerPool.shared().run(this, parts, parts - 1)) {
                    runAlone(); // one core, or another caller has the pool: this thread runs every part itself
                } else {
                    rebalance(System.nanoTime() - t0);
                }
            }
        } finally {
            attach(null, null, null, 0f, null, null);
        }
    }

    /** Points every part at the layer and the sequence (nulls: lets them go after a run). */
    private void attach(float[] w, float[] b, Activation act, float scale, FusedDenseStep.Examples examples,
                        FusedDenseStep.Outputs outputs) {
        for (DenseStepTask t : tasks) {
            t.set(w, b, null, in, out, act, null, scale, null);
        }
        this.examples = examples;
        this.outputs = outputs;
    }

    /** Sets up a chunk of examples [from, to): nothing done, nothing consumed. */
    private void begin(int from, int to) {
        this.from = from;
        this.to = to;
        for (int p = 0; p < parts; p++) {
            sync.set(p * STRIDE + DONE, from);
            sync.set(p * STRIDE + STARTED, 0);
            sync.set(p * STRIDE + STEALING, 0);
            waited[p * 16] = 0;
        }
        sync.set(parts * STRIDE + CONSUMED, from);
        sync.set(parts * STRIDE + ABORTED, 0);
    }

    @Override
    public void run(int part, int parts) {
        if (part == 0) {
            runCaller();
        } else {
            runPart(part);
        }
    }

    /** The caller: its rows of a group of examples, then every other part's, then the consumer, group after group. */
    private void runCaller() {
        try {
            for (int t = from; t < to; t += GROUP) {
                int end = Math.min(to, t + GROUP);
                step(0, t);
                for (int p = 1; p < parts; p++) {
                    if (!awaitPart(p, end)) {
                        return; // a part failed: the pool rethrows its failure
                    }
                }
                for (int e = t; e < end; e++) {
                    outputs.accept(e, ring[e % RING]);
                }
                sync.set(parts * STRIDE + CONSUMED, end);
            }
        } catch (Throwable e) {
            sync.set(parts * STRIDE + ABORTED, 1);
            throw e;
        }
    }

    /** Waits until part p has finished the examples before {@code end}, running them here while its worker has not started. */
    private boolean awaitPart(int p, int end) {
        int base = p * STRIDE;
        long since = 0;
        while (sync.get(base + DONE) < end) {
            if (sync.get(base + STARTED) == 0) {
                sync.set(base + STEALING, 1);
                if (sync.get(base + STARTED) == 0) {
                    step(p, sync.get(base + DONE));
                }
                sync.set(base + STEALING, 0);
                continue;
            }
            if (sync.get(parts * STRIDE + ABORTED) != 0) {
                return false;
            }
            since = pause(since);
        }
        if (since != 0) {
            waited[0] += System.nanoTime() - since;
        }
        return true;
    }

    /** A worker's part: its rows of every group the caller has not run, as far ahead as the ring allows. */
    private void runPart(int p) {
        int base = p * STRIDE;
        sync.set(base + STARTED, 1);
        while (sync.get(base + STEALING) != 0) {
            Thread.onSpinWait(); // the caller is finishing a group of this part
        }
        try {
            for (int t = sync.get(base + DONE); t < to; t += GROUP) {
                int end = Math.min(to, t + GROUP);
                long since = 0;
                while (end - sync.get(parts * STRIDE + CONSUMED) > RING) {
                    if (sync.get(parts * STRIDE + ABORTED) != 0) {
                        return;
                    }
                    since = pause(since);
                }
                if (since != 0) {
                    waited[p * 16] += System.nanoTime() - since;
                }
                if (sync.get(parts * STRIDE + ABORTED) != 0) {
                    return;
                }
                step(p, t);
            }
        } catch (Throwable e) {
            sync.set(parts * STRIDE + ABORTED, 1);
            throw e;
        }
    }

    /**
     * Part p's rows of the group of examples from t: each example's input and signal copied into the part's own
     * buffers, then block by block, every example of the group in order on the block while it is in L1, each output
     * into its ring slot.
     */
    private void step(int p, int t) {
        int n = Math.min(GROUP, to - t);
        float[][] x = xs[p];
        float[][] signal = signals[p];
        for (int e = 0; e < n; e++) {
            examples.example(p, t + e, x[e], signal[e]);
        }
        DenseStepTask task = tasks[p];
        float[] padded = DenseStepTask.padded();
        int r0 = first[p];
        int r1 = first[p + 1];
        int count = DenseStepTask.blocks(r0, r1);
        boolean down = DenseStepTask.descends(p, parts);
        for (int k = 0; k < count; k++) {
            int r = DenseStepTask.blockRow(r0, count, k, down);
            for (int e = 0; e < n; e++) {
                task.setExample(x[e], signal[e], ring[(t + e) % RING]);
                task.runBlock(r, r1, padded);
            }
        }
        if (p > 0) {
            sync.set(p * STRIDE + DONE, t + n);
        }
    }

    /** Spins, then yields the core (a 2-core machine may run the awaited thread on it); returns when waiting began. */
    private static long pause(long since) {
        long now = System.nanoTime();
        if (since == 0) {
            return now;
        }
        if (now - since < SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return since;
    }

    /** The pool was busy, or there is one part: every part's rows of each group on this thread, then the consumer. */
    private void runAlone() {
        for (int t = from; t < to; t += GROUP) {
            for (int p = 0; p < parts; p++) {
                step(p, t);
            }
            for (int e = t, end = Math.min(to, t + GROUP); e < end; e++) {
                outputs.accept(e, ring[e % RING]);
            }
        }
    }

    /**
     * Moves one block of rows towards the side that waited, once the mean difference of the waits since the last move
     * exceeds what one block costs per chunk: the caller's waits for the parts mean the parts are slower, a part's waits
     * for ring space mean the caller is (it also runs the rest of the network). A block moved changes the difference
     * by about twice its cost, so a smaller threshold would swing the split back and forth on the VM's noise. The
     * split never changes a result (each row depends on itself alone), only which core computes it.
     */
    private void rebalance(long elapsed) {
        long partWait = 0;
        for (int p = 1; p < parts; p++) {
            partWait = Math.max(partWait, waited[p * 16]);
        }
        rebalance(elapsed, waited[0], partWait);
    }

    /** {@link #rebalance(long)} after a chunk in which the caller waited {@code callerWait} ns, a part at most {@code partWait}. */
    void rebalance(long elapsed, long callerWait, long partWait) {
        imbalance += callerWait - partWait;
        chunks++;
        // One block's share of a chunk: the parts run in parallel, so a chunk's time is about one part's work.
        long blockCost = elapsed * parts / blocks;
        long mean = imbalance / chunks;
        if (mean > blockCost && callerBlocks < blocks - (parts - 1)) {
            callerBlocks++;
        } else if (mean < -blockCost && callerBlocks > 1) {
            callerBlocks--;
        } else {
            return;
        }
        imbalance = 0;
        chunks = 0;
        split();
    }

    /** Row boundaries: the caller's blocks first, the other parts' blocks as even as they go. */
    private void split() {
        first[0] = 0;
        int rest = blocks - callerBlocks;
        for (int p = 1; p < parts; p++) {
            first[p] = Math.min(out, (callerBlocks + (int) ((long) rest * (p - 1) / (parts - 1))) * DenseStepTask.ROWS);
        }
        first[parts] = out;
    }
}
