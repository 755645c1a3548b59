package org.drtp.bench;

import java.util.List;
import java.util.Map;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;

/**
 * An optimizer that hands every call to {@code inner}, for the probes' wrappers that change only how they step
 * ({@link StepProbe}, {@link AdamFloorProbe}). Stepping by rows, the direct update and restoring state keep the
 * interface's defaults: a wrapper that wants the inner optimizer's overrides them.
 */
abstract class ForwardingOptimizer implements Optimizer {

    protected final Optimizer inner;

    ForwardingOptimizer(Optimizer inner) {
        this.inner = inner;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public void init(List<Parameter> parameters) {
        inner.init(parameters);
    }

    @Override
    public void step(Parameter p) {
        inner.step(p);
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public Map<String, float[]> state() {
        return inner.state();
    }
}
