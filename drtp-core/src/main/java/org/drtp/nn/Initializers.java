package org.drtp.nn;

import java.util.Arrays;
import java.util.List;
import org.drtp.random.Rng;

/**
 * Initialisations with PyTorch's distributions ({@code docs/semantics.md}). {@code fan_in} is the product of all
 * dimensions of a tensor but the first, as in {@code torch.nn.init}.
 */
public final class Initializers {

    private Initializers() {
    }

    /** Product of all dimensions but the first. */
    public static int fanIn(int[] shape) {
        int f = 1;
        for (int i = 1; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    /**
     * PyTorch's default for {@code nn.Linear} and {@code nn.Conv2d}: weight and bias uniform in
     * {@code +-1/sqrt(fan_in)} of the weight (kaiming_uniform with a = sqrt(5) gives exactly that bound), drawn in
     * the order given. {@code parameters} starts with the weight (a bias-free layer gives the weight alone);
     * nothing is drawn for an empty list.
     */
    public static void pytorchDefault(List<Parameter> parameters, Rng rng) {
        if (parameters.isEmpty()) {
            return;
        }
        float bound = (float) (1.0 / Math.sqrt(fanIn(parameters.get(0).shape())));
        for (Parameter p : parameters) {
            uniform(p.value(), bound, rng);
        }
    }

    /** {@code torch.nn.init.kaiming_uniform_} with a = 0: uniform in {@code +-sqrt(6 / fan_in)}. */
    public static void kaimingUniform(float[] values, int[] shape, Rng rng) {
        uniform(values, (float) Math.sqrt(6.0 / fanIn(shape)), rng);
    }

    /** Uniform in [-bound, bound). */
    public static void uniform(float[] values, float bound, Rng rng) {
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.uniform(bound);
        }
    }

    public static void zero(float[] values) {
        Arrays.fill(values, 0f);
    }
}
