package org.drtp.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.drtp.io.OwnerLock;
import org.drtp.settings.InvalidSettingException;

/**
 * Runs the unfinished specs of a grid on a fixed pool of {@code jobs} threads, one run per thread at a
 * time, writing each result to the {@link ResultStore} the moment it ends. A run's numbers depend only on
 * its spec (its random streams come from its seed and trial), never on which thread runs it or when. Each run
 * is claimed while it is computed ({@link ResultStore#claim}), so processes sharing a directory (shards of a
 * Slurm array, or two invocations by mistake) never compute the same run twice; a run claimed by another live
 * process is left to it.
 */
public final class ExperimentRunner {

    /** Told about progress; called from worker threads, one call at a time. */
    public interface Progress {
        /** Before anything runs: runs to do, runs skipped as already finished, epochs to train in all. */
        default void started(int toRun, int skipped, long totalEpochs) {
        }

        default void epochDone(RunSpec spec, int epoch) {
        }

        default void runDone(RunResult result, int done, int toRun) {
        }
    }

    private final ResultStore store;
    private final ExperimentData data;
    private final int jobs;

    public ExperimentRunner(ResultStore store, ExperimentData data, int jobs) {
        if (jobs < 1) {
            throw new InvalidSettingException("jobs", "expected a positive integer, got " + jobs);
        }
        this.store = store;
        this.data = data;
        this.jobs = jobs;
    }

    /**
     * What a call to {@link #run} did: runs computed here, runs skipped as finished, runs skipped because another
     * process was computing them (claimed), and the wall time.
     */
    public record Summary(int ran, int skipped, int elsewhere, double seconds) {
    }

    /**
     * Runs every spec of {@code specs} whose result file does not exist yet. Fails with the first run's
     * error after the runs in flight have ended (their results are kept).
     */
    public Summary run(List<RunSpec> specs, Progress progress) throws IOException {
        List<RunSpec> todo = new ArrayList<>();
        for (RunSpec s : specs) {
            if (!store.isFinished(s)) {
                todo.add(s);
            }
        }
        long epochs = todo.stream().mapToLong(s -> s.run().epochs()).sum();
        Object lock = new Object();
        synchronized (lock) {
            progress.started(todo.size(), specs.size() - todo.size(), epochs);
        }
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger elsewhere = new AtomicInteger();
        AtomicInteger finishedMeanwhile = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, todo.size())), r -> {
            Thread t = new Thread(r, "drtp-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (RunSpec s : todo) {
                futures.add(pool.submit(() -> {
                    OwnerLock claim;
                    try {
                        claim = store.claim(s);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot claim run " + store.fileOf(s) + ": " + e.getMessage(), e);
                    }
                    if (claim == null) {
                        elsewhere.incrementAndGet(); // another process is computing it
                        return null;
                    }
                    try (claim) {
                        if (store.isFinished(s)) {
                            finishedMeanwhile.incrementAndGet(); // by another process, after our first look
                            return null;
                        }
                        RunResult r;
                        try {
                            r = RunExecutor.execute(s, data.forRun(s), e -> {
                                synchronized (lock) {
                                    progress.epochDone(s, e);
                                }
                            });
                        } catch (RuntimeException | Error failure) {
                            try {
                                store.writeFailure(s, failure); // for drtp status, across the shards of a sweep
                            } catch (IOException | RuntimeException e) {
                                failure.addSuppressed(e);
                            }
                            throw failure;
                        }
                        try {
                            store.write(r);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e.getMessage(), e);
                        }
                        synchronized (lock) {
                            progress.runDone(r, done.incrementAndGet(), todo.size());
                        }
                    }
                    return null;
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                        futures.forEach(x -> x.cancel(false)); // runs not started yet are dropped
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // dropped after an earlier failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for runs", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(done.get(), specs.size() - todo.size() + finishedMeanwhile.get(), elsewhere.get(),
                (System.nanoTime() - t0) / 1e9);
    }
}
