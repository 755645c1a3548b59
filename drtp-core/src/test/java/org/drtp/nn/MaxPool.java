package org.drtp.nn;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.MaxPool2x2;
import org.drtp.tensor.Shape;

/**
 * A layer kind without parameters that exists only in the tests ({@code docs/architecture.md}): {@code POOL}, a
 * standalone 2x2 max-pooling with stride 2 on images, no numbers. It learns nothing: rules give it no signal of its
 * own, and backpropagation and feedback alignment pass errors back through it without a matrix. A training pass
 * keeps its input (workspace slot 0) to route gradients to each window's maximum.
 */
record MaxPool() implements LayerSpec {

    static final LayerKind KIND = new LayerKind("POOL", "POOL", List.of(), a -> new MaxPool());

    @Override
    public String token() {
        return "POOL";
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.height() < 2 || in.width() < 2) {
            throw new InvalidSettingException("the input " + in + " is smaller than the 2x2 pooling window");
        }
        return new Shape(in.channels(), in.height() / 2, in.width() / 2);
    }

    @Override
    public long parameterCount(Shape in) {
        return 0;
    }

    @Override
    public Layer build(String name, Shape in, NetworkOptions options, boolean output, Rng initRng) {
        return new Pooling(in, outputShape(in));
    }

    @Override
    public boolean spatial() {
        return true;
    }

    /** The layer: the identity activation, so its signal map is its output. */
    record Pooling(Shape inputShape, Shape outputShape) implements Layer {

        @Override
        public String describe() {
            return "POOL " + inputShape + "->" + outputShape;
        }

        @Override
        public Activation activation() {
            return Activation.NONE;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public int[] workspaceSizes(int n) {
            return new int[] {n * inputShape.size()};
        }

        @Override
        public int[] inferenceWorkspaceSizes(int n) {
            return new int[0];
        }

        @Override
        public void forward(float[] x, float[] out, int n, Workspace ws, Pass pass) {
            int planes = n * inputShape.channels(), h = inputShape.height(), w = inputShape.width();
            int in = h * w, pooled = outputShape.height() * outputShape.width();
            for (int m = 0; m < planes; m++) {
                MaxPool2x2.forward(x, m * in, h, w, out, m * pooled);
            }
            if (pass.isTraining()) {
                System.arraycopy(x, 0, ws.slot(0), 0, n * inputShape.size());
            }
        }

        @Override
        public void parameterGradients(float[] x, float[] dz, int n, Workspace ws) {
        }

        /** Routes {@code dz} to each window's maximum; there is no matrix, so {@code matrix} is null. */
        @Override
        public void inputGradient(float[] dz, float[] matrix, float[] dx, int n, Workspace ws) {
            int planes = n * inputShape.channels(), h = inputShape.height(), w = inputShape.width();
            int in = h * w, pooled = outputShape.height() * outputShape.width();
            for (int m = 0; m < planes; m++) {
                MaxPool2x2.backward(ws.slot(0), m * in, h, w, dz, m * pooled, dx, m * in);
            }
        }

        @Override
        public long forwardMacs() {
            return 0;
        }
    }
}
