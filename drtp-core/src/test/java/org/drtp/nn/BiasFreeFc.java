package org.drtp.nn;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;

/**
 * A layer kind that exists only in the tests, to show what adding one takes ({@code docs/architecture.md}):
 * {@code LIN_units}, a fully-connected layer without bias, {@code y = f(x W^T)}, with one parameter
 * ({@code layers.K.weight}) and plain loops instead of the tuned kernels. Nothing outside this file knows it: it
 * reaches {@link Topology#parse(String, List)} through {@link #KINDS}.
 */
record BiasFreeFc(int units) implements LayerSpec {

    static final LayerKind KIND = new LayerKind("LIN", "LIN_64", List.of(new LayerKind.Argument("units", 1)),
            a -> new BiasFreeFc(a[0]));

    /** The built-in kinds plus this one. */
    static final List<LayerKind> KINDS = TestLayerKinds.withKind(KIND);

    @Override
    public String token() {
        return "LIN_" + units;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.vector(units);
    }

    @Override
    public long parameterCount(Shape in) {
        return (long) units * in.size();
    }

    @Override
    public Layer build(String name, Shape in, NetworkOptions options, boolean output, Rng initRng) {
        Linear layer = Linear.of(name, in, units, output ? options.outputActivation() : options.hiddenActivation());
        Initializers.pytorchDefault(layer.parameters(), initRng);
        return layer;
    }

    @Override
    public boolean canBeOutput() {
        return true;
    }

    /** The layer: one weight [units, in], no bias, no dropout, no scratch; a record, so the accessors come free. */
    record Linear(Shape inputShape, Shape outputShape, Activation activation, Parameter weight, List<Parameter> parameters)
            implements Layer {

        static Linear of(String name, Shape in, int out, Activation activation) {
            Parameter weight = new Parameter(name + ".weight", out, in.size());
            return new Linear(in, Shape.vector(out), activation, weight, List.of(weight));
        }

        @Override
        public String describe() {
            return "LIN " + inputShape + "->" + outputShape + " " + activation.id();
        }

        @Override
        public int[] workspaceSizes(int n) {
            return new int[0];
        }

        @Override
        public void forward(float[] x, float[] y, int n, Workspace ws, Pass pass) {
            int in = inputShape.size(), out = outputShape.size();
            float[] w = weight.value();
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < out; j++) {
                    float s = 0f;
                    for (int i = 0; i < in; i++) {
                        s += x[r * in + i] * w[j * in + i];
                    }
                    y[r * out + j] = s;
                }
            }
            activation.apply(y, 0, n * out);
        }

        @Override
        public void parameterGradients(float[] x, float[] dz, int n, Workspace ws) {
            int in = inputShape.size(), out = outputShape.size();
            float[] g = weight.grad();
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    float s = 0f;
                    for (int r = 0; r < n; r++) {
                        s += dz[r * out + j] * x[r * in + i];
                    }
                    g[j * in + i] = s;
                }
            }
        }

        @Override
        public void inputGradient(float[] dz, float[] matrix, float[] dx, int n, Workspace ws) {
            int in = inputShape.size(), out = outputShape.size();
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < in; i++) {
                    float s = 0f;
                    for (int j = 0; j < out; j++) {
                        s += dz[r * out + j] * matrix[j * in + i];
                    }
                    dx[r * in + i] = s;
                }
            }
        }

        @Override
        public long forwardMacs() {
            return (long) inputShape.size() * outputShape.size();
        }
    }
}
