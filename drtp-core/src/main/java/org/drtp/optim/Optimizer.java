package org.drtp.optim;

import java.util.List;
import java.util.Map;
import org.drtp.nn.Parameter;
import org.drtp.tensor.Gemm;

/**
 * A first-order optimizer with PyTorch's update rules. Hyperparameters are fixed at construction.
 *
 * <p>Lifecycle: {@link #init} once with the parameters it will update (allocates and zeroes its state),
 * then {@link #step} a parameter each time its gradient is ready (the gradient is read, the value updated
 * in place; an update-unlocked rule steps each layer right after its forward pass), {@link #reset} to
 * start again from zero state. Frozen parameters are never stepped.
 */
public interface Optimizer {

    /** Short id: sgd, momentum, nag, adam, rmsprop. */
    String id();

    double learningRate();

    void init(List<Parameter> parameters);

    /** Applies one update to {@code p} from {@code p.grad()}. */
    void step(Parameter p);

    /**
     * Begins one step of {@code p} to be applied row by row while its gradient is being computed: the returned
     * receiver updates rows of {@code p} (rows of its first dimension) from the same rows of {@code p.grad()},
     * and must then get every row exactly once (from any threads, disjoint ranges) before the next step of any
     * parameter, as {@link Gemm#multiply(boolean, boolean, int, int, int, float[], int, int, float[], int, int,
     * float, float[], int, int, Gemm.RowsDone)} hands them over. The result equals {@link #step}'s bit for bit.
     * Null when this optimizer cannot (the caller computes the gradient, then calls {@link #step}).
     */
    default Gemm.RowsDone stepByRows(Parameter p) {
        return null;
    }

    /**
     * For rules whose update is {@code w += scale * grad} with no state (plain SGD: {@code -lr}), the scale, so
     * that a layer can apply its gradient straight into its weights without storing it (update-unlocked
     * training fuses the two); NaN for every other optimizer.
     */
    default float directUpdateScale() {
        return Float.NaN;
    }

    /** Zeroes all state (moments, step counts) as if freshly initialised. */
    void reset();

    /**
     * A copy of the state to checkpoint, as named arrays (e.g. {@code layers.0.weight.exp_avg}); step counters
     * are one-element arrays.
     */
    Map<String, float[]> state();

    /**
     * Restores a state saved from {@link #state()}: the same names, each with the same number of values, or an
     * IllegalArgumentException naming the first difference. Stateless optimizers accept only an empty state.
     */
    default void loadState(Map<String, float[]> saved) {
        if (!saved.isEmpty() || !state().isEmpty()) {
            throw new IllegalArgumentException("optimizer " + id() + " cannot restore state " + saved.keySet());
        }
    }
}
