package org.drtp.rule;

import java.util.Arrays;
import java.util.List;
import org.drtp.nn.Network;
import org.drtp.random.Rng;

/**
 * The one thing that differs between BP, FA, DFA, sDFA, DRTP and shallow learning: the learning signal
 * {@code dy_k} each hidden layer k receives at its post-activation output ({@code docs/semantics.md}; Frenkel,
 * Lefebvre and Bol 2021, eqs. 1-6). The step then applies the activation derivative,
 * {@code dz_k = dy_k * f'(z_k)}, and {@code dW_k = dz_k^T y_{k-1}}. The output layer always learns from its
 * true loss gradient.
 *
 * <p>A rule's only state is its fixed random feedback matrices, created by {@link #initialise} for one
 * network. Short ids for files and flags: bp, fa, dfa, sdfa, drtp, shallow.
 */
public interface LearningRule {

    /** Short id, e.g. {@code drtp}. */
    String id();

    /** Full name, e.g. {@code direct random target projection}. */
    String fullName();

    /**
     * True if hidden signals need the network output (the error), so no layer can be updated before the
     * forward pass has finished ("update locking"); false for DRTP and shallow learning, whose layers are
     * updated right after their own forward pass.
     */
    boolean isUpdateLocked();

    /**
     * True if {@link #hiddenSignal} reads only the targets and labels, nothing a forward pass computes (DRTP), so
     * that a layer may run its forward pass and its update in one sweep over its weights.
     */
    default boolean signalFromTargetsOnly() {
        return false;
    }

    /**
     * True if a hidden layer's signal comes from the layer above it through {@link SignalContext#propagateFromAbove}
     * (BP, FA), so that it must also be computed for layers without parameters, which pass it on; false when
     * every hidden layer gets its own signal directly.
     */
    default boolean sendsSignalsBackwards() {
        return false;
    }

    /** False when hidden layers never learn (shallow learning). */
    default boolean trainsHiddenLayers() {
        return true;
    }

    /**
     * A new rule of this kind, not bound to any network (no feedback matrices): what a trainer binds and trains
     * with, so that the rule it is given stays as it was. Rules outside {@link LearningRules} override this.
     */
    default LearningRule unbound() {
        return LearningRules.create(id());
    }

    /** Binds the rule to a network and draws its fixed feedback matrices from {@code rng}. */
    void initialise(Network network, Rng rng);

    /**
     * Number of feedback values {@link #initialise} will draw for {@code network} (0 for BP and shallow),
     * so that loaders can check a file's claims before allocating.
     */
    default long feedbackSize(Network network) {
        return 0;
    }

    /**
     * Multiply-accumulates per example to compute hidden layer {@code k}'s learning signal {@code dy_k}
     * (for the edge budget): BP and FA send the error through layer k+1's matrix, DFA and sDFA project the
     * error, DRTP selects a row (none for one-hot targets), shallow learning sends nothing.
     */
    long signalMacs(Network network, int k);

    /** The fixed feedback matrices (empty for BP and shallow). */
    List<FeedbackMatrix> feedbackMatrices();

    /**
     * Replaces the values of the feedback matrix named {@code name} (e.g. {@code feedback.1}), drawn by
     * {@link #initialise}, with {@code values} laid out as {@code shape}: matrices written by another program
     * or a test's own. Throws when the rule has no such matrix or the shape differs.
     */
    default void loadFeedback(String name, int[] shape, float[] values) {
        List<FeedbackMatrix> all = feedbackMatrices();
        for (FeedbackMatrix f : all) {
            if (f.name().equals(name)) {
                if (!Arrays.equals(f.shape(), shape) || f.values().length != values.length) {
                    throw new IllegalArgumentException(id() + " feedback matrix " + name + " is " + Arrays.toString(f.shape())
                            + ", got " + Arrays.toString(shape) + " (" + values.length + " values)");
                }
                System.arraycopy(values, 0, f.values(), 0, values.length);
                return;
            }
        }
        throw new IllegalArgumentException("rule " + id() + " has no feedback matrix '" + name + "' (it has "
                + all.stream().map(FeedbackMatrix::name).toList() + "; initialise the rule on its network first)");
    }

    /** Writes hidden layer {@code k}'s learning signal into {@code dy} (n x layer k's signal map). */
    void hiddenSignal(int k, SignalContext ctx, float[] dy);
}
