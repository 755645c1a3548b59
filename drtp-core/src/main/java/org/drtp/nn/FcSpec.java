package org.drtp.nn;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;

/**
 * {@code FC_units}: a fully-connected {@link DenseLayer} of {@code units} outputs on the flattened input, with the
 * hidden or the output activation and the network's input dropout; PyTorch's default initialisation, weights
 * zeroed with {@code fcZeroInit}. The only kind that may be the output layer.
 */
public record FcSpec(int units) implements LayerSpec {

    public static final LayerKind KIND = new LayerKind("FC", "FC_500", List.of(new LayerKind.Argument("units", 1)),
            a -> new FcSpec(a[0]));

    @Override
    public String token() {
        return "FC_" + units;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.vector(units);
    }

    @Override
    public long parameterCount(Shape in) {
        return (long) units * (in.size() + 1L);
    }

    @Override
    public Layer build(String name, Shape in, NetworkOptions options, boolean output, Rng initRng) {
        Activation act = output ? options.outputActivation() : options.hiddenActivation();
        DenseLayer layer = new DenseLayer(name, in, units, act, options.dropout());
        Initializers.pytorchDefault(layer.parameters(), initRng);
        if (options.fcZeroInit()) {
            Initializers.zero(layer.weight().value());
        }
        return layer;
    }

    @Override
    public boolean canBeOutput() {
        return true;
    }
}
