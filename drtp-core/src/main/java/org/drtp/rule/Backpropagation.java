package org.drtp.rule;

import java.util.List;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.random.Rng;

/** Backpropagation: {@code dy_k = dz_{k+1} W_{k+1}}, the exact gradient (Rumelhart et al. 1986). */
public final class Backpropagation implements LearningRule {

    private Network network;

    @Override
    public String id() {
        return "bp";
    }

    @Override
    public String fullName() {
        return "backpropagation";
    }

    @Override
    public boolean isUpdateLocked() {
        return true;
    }

    @Override
    public boolean sendsSignalsBackwards() {
        return true;
    }

    @Override
    public void initialise(Network network, Rng rng) {
        this.network = network;
    }

    @Override
    public long signalMacs(Network network, int k) {
        return network.layer(k + 1).forwardMacs(); // the transposed product through layer k+1's (or B's) matrix
    }

    @Override
    public List<FeedbackMatrix> feedbackMatrices() {
        return List.of();
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        Layer above = network.layer(k + 1);
        ctx.propagateFromAbove(k, above.hasParameters() ? above.weight().value() : null, dy);
    }
}
