package org.drtp.nn;

import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;

/** Builds the layer kinds other than dense; the single place that knows about convolutions. */
final class LayerFactories {

    private LayerFactories() {
    }

    static Layer conv(String name, Shape in, LayerSpec.Conv spec, Activation activation) {
        throw new IllegalArgumentException(name + ": convolutional layers (" + spec.token() + ") are not supported yet");
    }

    static Shape convOutputShape(Topology topology, int index, Shape in, LayerSpec.Conv spec) {
        throw new IllegalArgumentException("topology '" + topology + "', layer " + (index + 1) + " (" + spec.token()
                + "): convolutional layers are not supported yet");
    }
}
