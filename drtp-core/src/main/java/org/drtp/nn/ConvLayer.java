package org.drtp.nn;

import java.util.List;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.ConvGeometry;
import org.drtp.tensor.Im2col;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.MaxPool2x2;
import org.drtp.tensor.Shape;

/**
 * Convolution block of the reference's {@code CNN_block}: {@code y = f(conv2d(x, W) + b)}, then 2x2 max-pooling
 * with stride 2 (PyTorch {@code nn.Conv2d} then {@code nn.MaxPool2d(2, 2)}). W is [out, in, k, k]; the signal
 * map where learning signals attach is {@code y}, the post-activation map <em>before</em> pooling (see
 * {@code docs/semantics.md}), and the layer's output is the pooled map. No dropout (the reference never drops conv inputs).
 *
 * <p>Maths, with {@code cols} the im2col matrix of the batch ({@link Im2col}; K = in*k*k rows, n*P columns
 * for P output pixels, examples side by side) and W viewed as [out, K]:
 * <ul>
 *   <li>forward: {@code Z = W cols} ([out, n*P], one matrix product for the whole batch), then per example
 *       and channel {@code y = f(Z + b)} and the pooling;</li>
 *   <li>{@code dW = sum_e dZ_e cols_e^T} (per example, accumulated), {@code db_c = sum dZ_c};</li>
 *   <li>{@code dx = col2im(M^T dZ_e)} per example, with M = W (backpropagation) or FA's fixed kernel.</li>
 * </ul>
 *
 * <p>Workspace: slot 0 the columns, slot 1 the signal map (n x out x H x W; pooling gradients are routed
 * from it, see {@link MaxPool2x2}), slot 2 scratch (Z with the channel first, or one example's input-gradient
 * columns). An inference pass ({@link #inferenceWorkspaceSizes}) runs in chunks of examples
 * so that its scratch stays small even for the evaluation batch of 1000.
 */
public final class ConvLayer implements Layer {

    private static final int COLS = 0;
    private static final int SIGNAL = 1;
    private static final int SCRATCH = 2;
    /** Floats an inference chunk may use per slot (16 MB): large enough for full-speed products. */
    private static final int INFERENCE_CHUNK_FLOATS = 1 << 22;

    private final ConvGeometry geometry;
    private final int outChannels;
    private final int patch;
    private final int pixels;
    private final int pooledPixels;
    private final Shape inputShape;
    private final Shape signalShape;
    private final Shape outputShape;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    /** The passes over the maps around the products, one set per calling thread (they keep the call's arrays). */
    private final ThreadLocal<ConvMapPasses> passes;

    /**
     * @param name        parameter name prefix, e.g. {@code layers.0}
     * @param inputShape  channels x height x width of one input example
     * @param outChannels number of output channels (kernels)
     */
    public ConvLayer(String name, Shape inputShape, int outChannels, int kernel, int stride, int padding,
                     Activation activation) {
        if (outChannels <= 0) {
            throw new InvalidSettingException(name + ": number of output channels must be positive, got " + outChannels);
        }
        this.geometry = new ConvGeometry(inputShape.channels(), inputShape.height(), inputShape.width(), kernel, stride,
                padding);
        this.outputShape = pooledShape(geometry, outChannels);
        this.inputShape = inputShape;
        this.outChannels = outChannels;
        this.patch = geometry.patchSize();
        this.pixels = geometry.outPixels();
        this.pooledPixels = outputShape.height() * outputShape.width();
        this.signalShape = new Shape(outChannels, geometry.outHeight(), geometry.outWidth());
        this.activation = activation;
        this.weight = new Parameter(name + ".weight", outChannels, inputShape.channels(), kernel, kernel);
        this.bias = new Parameter(name + ".bias", outChannels);
        this.parameters = List.of(weight, bias);
        this.passes = ThreadLocal.withInitial(() -> new ConvMapPasses(geometry, activation, outChannels));
    }

    /**
     * The pooled output shape of a conv block, or IllegalArgumentException saying why the input cannot take
     * it (kernel larger than the padded input, or a convolution output too small for 2x2 pooling).
     */
    public static Shape outputShape(Shape in, int outChannels, int kernel, int stride, int padding) {
        if (outChannels <= 0) {
            throw new InvalidSettingException("number of output channels must be positive, got " + outChannels);
        }
        return pooledShape(new ConvGeometry(in.channels(), in.height(), in.width(), kernel, stride, padding), outChannels);
    }

    private static Shape pooledShape(ConvGeometry g, int outChannels) {
        int h = g.outHeight(), w = g.outWidth();
        if (h < 2 || w < 2) {
            throw new InvalidSettingException("the convolution output " + outChannels + "x" + h + "x" + w
                    + " is smaller than the 2x2 max-pooling window that follows it (input "
                    + g.inChannels() + "x" + g.inHeight() + "x" + g.inWidth() + ", kernel " + g.kernel() + ", stride "
                    + g.stride() + ", padding " + g.padding() + ")");
        }
        return new Shape(outChannels, h / 2, w / 2);
    }

    @Override
    public String describe() {
        return "CONV " + inputShape + "->" + signalShape + " k" + geometry.kernel() + " s" + geometry.stride() + " p"
                + geometry.padding() + " " + activation.id() + ", maxpool->" + outputShape;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    @Override
    public Shape signalShape() {
        return signalShape;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public int[] workspaceSizes(int n) {
        long cols = (long) n * patch * pixels;
        long map = (long) n * outChannels * pixels;
        long scratch = Math.max(map, (long) patch * pixels);
        return new int[] {checked(cols), checked(map), checked(scratch)};
    }

    @Override
    public int[] inferenceWorkspaceSizes(int n) {
        int chunk = inferenceChunk(n);
        return new int[] {chunk * patch * pixels, chunk * outChannels * pixels, chunk * outChannels * pixels};
    }

    private int inferenceChunk(int n) {
        int perExample = Math.max(patch, outChannels) * pixels;
        return Math.max(1, Math.min(n, INFERENCE_CHUNK_FLOATS / perExample));
    }

    private int checked(long floats) {
        if (floats > Parameter.MAX_VALUES) {
            throw new InvalidSettingException(describe() + ": a batch needs " + floats
                    + " floats of scratch, more than one array holds; use a smaller batch");
        }
        return (int) floats;
    }

    /** Examples the workspace can hold in one pass. */
    private int capacity(Workspace ws) {
        int c = Math.min(ws.slot(COLS).length / (patch * pixels), ws.slot(SIGNAL).length / (outChannels * pixels));
        return Math.min(c, ws.slot(SCRATCH).length / (outChannels * pixels));
    }

    @Override
    public void forward(float[] x, float[] out, int n, Workspace ws, Pass pass) {
        // Whenever the workspace holds the whole batch, keep what an update needs (columns and map) in one
        // pass; otherwise (an inference workspace) run chunk by chunk over the same scratch.
        int capacity = capacity(ws);
        if (capacity >= n) {
            forwardChunk(x, out, 0, n, ws);
            return;
        }
        if (pass.isTraining() || capacity < 1) {
            throw new IllegalStateException(describe() + ": workspace holds " + capacity + " examples, the "
                    + (pass.isTraining() ? "training pass needs " + n : "inference pass needs 1"));
        }
        for (int start = 0; start < n; start += capacity) {
            forwardChunk(x, out, start, Math.min(capacity, n - start), ws);
        }
    }

    private void forwardChunk(float[] x, float[] out, int start, int n, Workspace ws) {
        float[] cols = ws.slot(COLS);
        float[] z = ws.slot(SCRATCH);
        int ld = n * pixels;
        ConvMapPasses maps = passes.get();
        maps.im2col(x, start, n, cols);
        Kernels.gemm().multiply(false, false, outChannels, ld, patch, weight.value(), 0, patch, cols, 0, ld, 0f, z, 0, ld);
        // Z is [channel, example, pixel]; the signal map is [example, channel, pixel] as PyTorch's NCHW.
        maps.biasActivatePool(z, bias.value(), start, n, ws.slot(SIGNAL), out);
    }

    @Override
    public float[] signalMap(float[] out, Workspace ws) {
        return ws.slot(SIGNAL);
    }

    @Override
    public void outputGradientToSignal(float[] dOut, float[] dSignal, int n, Workspace ws) {
        if (dOut == dSignal) {
            throw new IllegalArgumentException(describe() + ": pooling needs distinct output and signal gradient arrays");
        }
        passes.get().unpool(ws.slot(SIGNAL), dOut, dSignal, n);
    }

    @Override
    public void parameterGradients(float[] x, float[] dz, int n, Workspace ws) {
        passes.get().biasGradient(dz, n, bias.grad());
        // dW = sum over examples of dZ_e cols_e^T, accumulated example by example: dZ_e is contiguous in the
        // NCHW gradient and cols_e is a column block of the batch's columns. Measured faster than one product
        // over the batch, which would first need dZ copied channel-first.
        int ld = n * pixels;
        Kernels.gemm().sumOfProductsNT(n, outChannels, patch, pixels, dz, 0, outChannels * pixels, pixels,
                ws.slot(COLS), 0, pixels, ld, 0f, weight.grad(), 0, patch);
    }

    @Override
    public void inputGradient(float[] dz, float[] matrix, float[] dx, int n, Workspace ws) {
        if (matrix.length != weight.size()) {
            throw new IllegalArgumentException(describe() + ": input gradient kernel has " + matrix.length
                    + " values, expected " + weight.size() + " (the weight's shape)");
        }
        float[] dcols = ws.slot(SCRATCH);
        int inSize = geometry.inputSize();
        // One example at a time: the product is already large (K x P x out) and the scratch stays K x P.
        for (int e = 0; e < n; e++) {
            Kernels.gemm().multiply(true, false, patch, pixels, outChannels, matrix, 0, patch, dz, e * outChannels * pixels,
                    pixels, 0f, dcols, 0, pixels);
            Im2col.col2im(geometry, dcols, 0, pixels, dx, e * inSize);
        }
    }

    @Override
    public long forwardMacs() {
        return (long) outChannels * patch * pixels;
    }
}
