package org.drtp.optim;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.nn.Parameter;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.ParallelRange;
import org.drtp.tensor.UpdateKernels;

/**
 * Shared bookkeeping: per-parameter state buffers of the parameter's size, a per-parameter step count, and the
 * element-wise update split over the kernel threads (one reused job, so a step allocates nothing).
 */
abstract class StatefulOptimizer implements Optimizer {

    private final String[] bufferNames;
    private final Map<Parameter, float[][]> buffers = new IdentityHashMap<>();
    private final Map<Parameter, float[]> steps = new IdentityHashMap<>();
    private final Map<String, float[]> named = new LinkedHashMap<>();
    protected final double lr;
    /** The element-wise update kernels (Vector API or plain) the subclasses' {@link #updateRange} calls. */
    final UpdateKernels kernels = UpdateKernels.get();
    private final Update update = new Update();

    StatefulOptimizer(double lr, String... bufferNames) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new InvalidSettingException("lr", "must be a positive finite number, got " + lr);
        }
        this.lr = lr;
        this.bufferNames = bufferNames;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void init(List<Parameter> parameters) {
        buffers.clear();
        steps.clear();
        named.clear();
        for (Parameter p : parameters) {
            float[][] b = new float[bufferNames.length][p.size()];
            buffers.put(p, b);
            float[] step = new float[1];
            steps.put(p, step);
            for (int i = 0; i < bufferNames.length; i++) {
                named.put(p.name() + "." + bufferNames[i], b[i]);
            }
            named.put(p.name() + ".step", step);
        }
    }

    @Override
    public void reset() {
        for (float[][] b : buffers.values()) {
            for (float[] x : b) {
                java.util.Arrays.fill(x, 0f);
            }
        }
        for (float[] s : steps.values()) {
            s[0] = 0;
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> copy = new java.util.LinkedHashMap<>();
        named.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override
    public void loadState(Map<String, float[]> saved) {
        if (!saved.keySet().equals(named.keySet())) {
            java.util.Set<String> missing = new java.util.TreeSet<>(named.keySet());
            missing.removeAll(saved.keySet());
            java.util.Set<String> extra = new java.util.TreeSet<>(saved.keySet());
            extra.removeAll(named.keySet());
            throw new IllegalArgumentException("optimizer " + id() + " state: missing " + missing + ", unexpected " + extra);
        }
        for (Map.Entry<String, float[]> e : saved.entrySet()) {
            if (e.getValue().length != named.get(e.getKey()).length) {
                throw new IllegalArgumentException("optimizer state " + e.getKey() + " holds " + named.get(e.getKey()).length
                        + " values, got " + e.getValue().length);
            }
        }
        saved.forEach((k, v) -> System.arraycopy(v, 0, named.get(k), 0, v.length));
    }

    @Override
    public final void step(Parameter p) {
        if (!begin(p)) {
            return;
        }
        update.execute(p.size());
    }

    /**
     * Every stateful optimizer updates element by element, so a row of the parameter can be stepped as soon as its
     * gradient row is final: {@link #updateRange} on that row, with this step's scalars, is what {@link #step}
     * computes there. One receiver per optimizer, reused: steps by rows do not overlap.
     */
    @Override
    public final Gemm.RowsDone stepByRows(Parameter p) {
        if (!begin(p)) {
            return null;
        }
        byRows.rowLength = p.size() / p.shape()[0];
        return byRows;
    }

    /** Counts a step of {@code p} and points the update at it; false for a frozen parameter (nothing to do). */
    private boolean begin(Parameter p) {
        if (p.isFrozen()) {
            return false;
        }
        float[][] b = buffers.get(p);
        if (b == null) {
            throw new IllegalStateException("optimizer " + id() + " was not initialised with parameter " + p.name());
        }
        float[] s = steps.get(p);
        // Step counts stay exact in a float up to 2^24 steps; beyond that bias correction is 1 anyway.
        s[0] = Math.min(s[0] + 1, 16777216f);
        beginStep((long) s[0]);
        update.w = p.value();
        update.g = p.grad();
        update.state = b;
        return true;
    }

    /** Sets the per-step scalars (bias corrections, first-step flags); {@code t} is the 1-based step number. */
    void beginStep(long t) {
    }

    /**
     * Updates {@code w[from, to)} in place from the gradient {@code g} and the parameter's state buffers, with the
     * scalars {@link #beginStep} set. Runs on the kernel threads, each on its own range.
     */
    abstract void updateRange(float[] w, float[] g, float[][] state, int from, int to);

    private final ByRows byRows = new ByRows();

    /** {@link #updateRange} over whole rows of the parameter {@link #begin} pointed {@link #update} at. */
    private final class ByRows implements Gemm.RowsDone {
        int rowLength;

        @Override
        public void rows(int from, int to) {
            updateRange(update.w, update.g, update.state, from * rowLength, to * rowLength);
        }
    }

    private final class Update extends ParallelRange {
        float[] w;
        float[] g;
        float[][] state;

        @Override
        protected void range(int from, int to) {
            updateRange(w, g, state, from, to);
        }
    }
}
