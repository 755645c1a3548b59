package org.drtp.tensor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A process-wide pool of persistent daemon threads that runs the independent parts of one job at a time.
 *
 * <p>Parts are <em>claimed</em>, not assigned: the caller and the workers take the next unclaimed part from
 * one atomic word until none is left, and the caller returns when every claimed part is done. So a worker
 * that is slow to wake (parked, or its core busy with another process, as on a shared 2-core machine)
 * costs nothing: the caller simply computes more parts itself. Which thread computes a part never changes
 * its result.
 *
 * <p>Why not an {@code ExecutorService}: a training step issues thousands of sub-millisecond products, so
 * the hand-off must cost well under a microsecond and allocate nothing. Idle workers spin briefly (the
 * next product usually follows within microseconds), then yield, then park. If the pool is already running a job for
 * another caller, {@link #run} declines and that caller computes alone.
 *
 * <p>The claim word packs {@code generation (32 bits) | parts (16) | next part (16)}. A claim is a CAS on
 * that word after reading the job, so a worker can never run a part of a job other than the one whose
 * generation it claimed: a new job is only published after every part of the previous one was claimed.
 */
final class WorkerPool {

    /** One job split in {@code parts} independent parts. */
    interface Job {
        void run(int part, int parts);
    }

    /** Largest number of parts of one job (16 bits of the claim word). */
    static final int MAX_PARTS = 0xFFFF;
    /**
     * An idle thread first spins (the next product of a training step usually follows within
     * microseconds), then yields its core to any other runnable thread, e.g. the caller when the machine
     * is oversubscribed, and finally parks.
     */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(5);
    private static final long YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final WorkerPool SHARED = new WorkerPool();

    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile Thread caller;
    private volatile boolean callerParked;
    private volatile Throwable failure;
    private volatile Worker[] workers = new Worker[0];

    private WorkerPool() {
    }

    static WorkerPool shared() {
        return SHARED;
    }

    /**
     * Runs {@code job.run(part, parts)} once for every part, on the calling thread and up to
     * {@code helpers} workers.
     *
     * @return false, without running anything, if the pool is busy with another caller's job
     */
    boolean run(Job job, int parts, int helpers) {
        if (parts < 2 || helpers < 1 || parts > MAX_PARTS || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Worker[] ws = ensureWorkers(helpers);
            this.job = job;
            failure = null;
            caller = Thread.currentThread();
            done.set(0);
            long generation = (claims.get() >>> 32) + 1;
            // Part 0 is the caller's before the job is published, so a worker never takes it: with a fixed split
            // each part of a recurring product then runs on the same core call after call, and its rows of a
            // weight matrix stay in that core's L2 (batch-1 learning is bound by that memory traffic).
            claims.set(generation << 32 | (long) parts << 16 | 1); // publishes job: next part 1
            for (int w = 0; w < helpers; w++) {
                ws[w].wake();
            }
            Throwable own = null;
            try {
                try {
                    job.run(0, parts);
                } finally {
                    done.incrementAndGet();
                }
                while (claimAndRun()) {
                    // keep claiming
                }
            } catch (Throwable t) {
                own = t;
            }
            awaitParts(parts);
            Throwable t = own != null ? own : failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
            return true;
        } finally {
            this.job = null;
            caller = null;
            busy.set(false);
        }
    }

    /** Claims the next part of the current job and runs it; false when nothing is left to claim. */
    private boolean claimAndRun() {
        while (true) {
            long s = claims.get();
            int parts = (int) (s >>> 16) & 0xFFFF;
            int next = (int) s & 0xFFFF;
            if (next >= parts) {
                return false;
            }
            Job j = job; // read before the CAS: if the CAS succeeds, j belongs to the claimed generation
            if (claims.compareAndSet(s, s + 1)) {
                try {
                    j.run(next, parts);
                } finally {
                    if (done.incrementAndGet() == parts && callerParked) {
                        LockSupport.unpark(caller);
                    }
                }
                return true;
            }
        }
    }

    private void awaitParts(int parts) {
        long start = System.nanoTime();
        while (done.get() < parts) {
            long waited = System.nanoTime() - start;
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            if (waited < YIELD_NANOS) {
                Thread.yield();
                continue;
            }
            callerParked = true;
            if (done.get() < parts) {
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
            }
            callerParked = false;
        }
    }

    private synchronized Worker[] ensureWorkers(int n) {
        Worker[] ws = workers;
        if (ws.length >= n) {
            return ws;
        }
        Worker[] grown = java.util.Arrays.copyOf(ws, n);
        for (int i = ws.length; i < n; i++) {
            grown[i] = new Worker(i + 1);
            grown[i].start();
        }
        workers = grown;
        return grown;
    }

    private boolean claimable() {
        long s = claims.get();
        return ((int) s & 0xFFFF) < ((int) (s >>> 16) & 0xFFFF);
    }

    private final class Worker extends Thread {
        private volatile boolean parked;

        Worker(int index) {
            super("drtp-gemm-" + index);
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                boolean ran = false;
                try {
                    ran = claimAndRun();
                } catch (Throwable t) {
                    failure = t;
                    ran = true;
                }
                long idle = ran ? 0 : System.nanoTime() - idleSince;
                if (ran) {
                    idleSince = System.nanoTime();
                } else if (idle < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (idle < YIELD_NANOS) {
                    Thread.yield();
                } else {
                    // Publish "parked" before re-checking for work; run() publishes work before reading it.
                    parked = true;
                    if (!claimable()) {
                        LockSupport.park(WorkerPool.this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
