package org.drtp.train;

import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;

/** Detects NaN or infinite losses and weights and says where they appeared. */
final class Divergence {

    private Divergence() {
    }

    /** Throws if {@code loss} is not finite, naming the first layer whose weights are not finite either. */
    static void checkLoss(double loss, Network net, String when) {
        if (Double.isFinite(loss)) {
            return;
        }
        String where = firstNonFiniteLayer(net);
        throw new TrainingDivergedException("training diverged in " + when + ": the loss is " + loss + "; " + (where == null
                ? "all weights are still finite (the outputs overflowed: try a smaller learning rate)"
                : "first non-finite weights in " + where + " (try a smaller learning rate)"));
    }

    /** Throws if any weight is not finite. */
    static void checkWeights(Network net, int trial, int epoch) {
        String where = firstNonFiniteLayer(net);
        if (where != null) {
            throw new TrainingDivergedException("training diverged in trial " + (trial + 1) + ", epoch " + epoch
                    + ": non-finite weights in " + where + " (try a smaller learning rate)");
        }
    }

    static String firstNonFiniteLayer(Network net) {
        for (int k = 0; k < net.depth(); k++) {
            Layer l = net.layer(k);
            for (Parameter p : l.parameters()) {
                for (float v : p.value()) {
                    if (!Float.isFinite(v)) {
                        return "layer " + k + " (" + l.describe() + "), parameter " + p.name();
                    }
                }
            }
        }
        return null;
    }
}
