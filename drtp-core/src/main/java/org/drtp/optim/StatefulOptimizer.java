package org.drtp.optim;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.nn.Parameter;

/** Shared bookkeeping: per-parameter state buffers of the parameter's size, and a per-parameter step count. */
abstract class StatefulOptimizer implements Optimizer {

    private final String[] bufferNames;
    private final Map<Parameter, float[][]> buffers = new IdentityHashMap<>();
    private final Map<Parameter, float[]> steps = new IdentityHashMap<>();
    private final Map<String, float[]> named = new LinkedHashMap<>();
    protected final double lr;

    StatefulOptimizer(double lr, String... bufferNames) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + lr);
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
        return java.util.Collections.unmodifiableMap(named);
    }

    @Override
    public final void step(Parameter p) {
        if (p.isFrozen()) {
            return;
        }
        float[][] b = buffers.get(p);
        if (b == null) {
            throw new IllegalStateException("optimizer " + id() + " was not initialised with parameter " + p.name());
        }
        float[] s = steps.get(p);
        // Step counts stay exact in a float up to 2^24 steps; beyond that bias correction is 1 anyway.
        s[0] = Math.min(s[0] + 1, 16777216f);
        update(p.value(), p.grad(), b, (long) s[0]);
    }

    /** Updates {@code w} in place from gradient {@code g}; {@code t} is this parameter's 1-based step number. */
    abstract void update(float[] w, float[] g, float[][] state, long t);
}
