package org.drtp.nn;

import org.drtp.random.Rng;
import org.drtp.tensor.Shape;

/**
 * One element of a {@link Topology}: a layer kind with its numbers (e.g. {@code FC_500}), which knows everything
 * about itself that a network needs before and while building it: its output shape and parameter count on a given
 * input (checked without allocating anything) and the layer itself. {@link Network} only calls these methods, so a
 * new layer kind is a spec, its {@link Layer} and a {@link LayerKind} line in {@link Topology#KINDS} (see
 * {@code docs/architecture.md}).
 */
public interface LayerSpec {

    /** The spec as it appears in a topology string, e.g. {@code CONV_32_5_1_2}. */
    String token();

    /**
     * Shape of one example's output on inputs of {@code in}; an IllegalArgumentException saying why when the layer
     * cannot take {@code in} (the caller adds the topology and the layer's position).
     */
    Shape outputShape(Shape in);

    /** Number of trainable values of the layer on inputs of {@code in}, without allocating them. */
    long parameterCount(Shape in);

    /**
     * Builds the layer on inputs of {@code in} and initialises its parameters from {@code initRng}.
     *
     * @param name   the layer's parameter name prefix, e.g. {@code layers.0}
     * @param output whether this is the network's output layer
     */
    Layer build(String name, Shape in, NetworkOptions options, boolean output, Rng initRng);

    /** Whether the layer may be the network's output layer (the last element of a topology). */
    default boolean canBeOutput() {
        return false;
    }

    /**
     * Whether the layer takes and gives images (channels x height x width): a convolution, as opposed to a layer
     * that flattens its input. A spatial layer cannot follow a flattening one; {@code --freeze-conv-layers}
     * freezes the spatial layers.
     */
    default boolean spatial() {
        return false;
    }
}
