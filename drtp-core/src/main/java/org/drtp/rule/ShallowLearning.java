package org.drtp.rule;

import java.util.List;
import org.drtp.nn.Network;
import org.drtp.random.Rng;

/**
 * Shallow learning: hidden layers stay at their random initial values and only the output layer learns
 * (the paper's lower bound). Hidden gradients are zero, so nothing is computed for them at all.
 */
public final class ShallowLearning implements LearningRule {

    @Override
    public String id() {
        return "shallow";
    }

    @Override
    public String fullName() {
        return "shallow learning";
    }

    @Override
    public boolean isUpdateLocked() {
        return false;
    }

    @Override
    public boolean trainsHiddenLayers() {
        return false;
    }

    @Override
    public void initialise(Network network, Rng rng) {
    }

    @Override
    public long signalMacs(Network network, int k) {
        return 0;
    }

    @Override
    public List<FeedbackMatrix> feedbackMatrices() {
        return List.of();
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        throw new IllegalStateException("shallow learning sends no signal to hidden layers");
    }
}
