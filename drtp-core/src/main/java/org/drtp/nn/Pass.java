package org.drtp.nn;

import java.util.Objects;
import org.drtp.random.Rng;

/**
 * What a forward pass is for: {@link #training training}, with the generator its random choices (dropout masks)
 * are drawn from and scratch kept for the update that follows, or {@link #INFERENCE inference}, which draws nothing
 * and keeps nothing. A training step makes its pass once and reuses it, so a forward pass allocates nothing.
 */
public final class Pass {

    /** Evaluation and prediction: no dropout, nothing kept for an update. */
    public static final Pass INFERENCE = new Pass(null);

    private final Rng generator;

    private Pass(Rng generator) {
        this.generator = generator;
    }

    /** A training pass drawing its random choices (dropout masks) from {@code generator}. */
    public static Pass training(Rng generator) {
        return new Pass(Objects.requireNonNull(generator, "a training pass needs a random generator"));
    }

    public boolean isTraining() {
        return generator != null;
    }

    /** The training pass's generator; an inference pass has none and throws. */
    public Rng generator() {
        if (generator == null) {
            throw new IllegalStateException("an inference pass draws no random numbers");
        }
        return generator;
    }

    @Override
    public String toString() {
        return isTraining() ? "training pass" : "inference pass";
    }
}
