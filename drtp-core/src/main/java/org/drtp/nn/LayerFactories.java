package org.drtp.nn;

import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;

/** Builds the layer kinds other than dense; the single place that knows about convolutions. */
final class LayerFactories {

    private LayerFactories() {
    }

    static Layer conv(String name, Shape in, LayerSpec.Conv spec, Activation activation) {
        return new ConvLayer(name, in, spec.channels(), spec.kernel(), spec.stride(), spec.padding(), activation);
    }

    /** The pooled output shape of a conv block; the error names the topology, the layer and what does not fit. */
    static Shape convOutputShape(Topology topology, int index, Shape in, LayerSpec.Conv spec) {
        try {
            return ConvLayer.outputShape(in, spec.channels(), spec.kernel(), spec.stride(), spec.padding());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("topology '" + topology + "', layer " + (index + 1) + " (" + spec.token()
                    + "): " + e.getMessage(), e);
        }
    }
}
