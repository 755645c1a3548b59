package org.drtp.nn;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.FusedDenseStep;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.Shape;
import org.drtp.tensor.UpdateKernels;

/**
 * Fully-connected layer {@code y = f(x~ W^T + b)} with W of shape [out, in] (PyTorch {@code nn.Linear}),
 * and inverted dropout on its input: {@code x~ = x * m / (1 - p)}, m ~ Bernoulli(1 - p), during training
 * only ({@code docs/semantics.md}: dropout sits on the input of every FC layer, the output layer included).
 *
 * <p>Workspace when {@code p > 0}: slot 0 the mask scaled by {@code 1/(1-p)}, slot 1 the dropped input.
 */
public final class DenseLayer implements Layer {

    private final int in;
    private final int out;
    private final Shape inputShape;
    private final Shape outputShape;
    private final Activation activation;
    private final float dropout;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;

    /**
     * @param name       parameter name prefix, e.g. {@code layers.0}
     * @param inputShape shape of one input example (flattened)
     * @param out        number of units
     * @param dropout    probability of zeroing an input during training, in [0, 1)
     */
    public DenseLayer(String name, Shape inputShape, int out, Activation activation, float dropout) {
        if (out <= 0) {
            throw new InvalidSettingException(name + ": number of units must be positive, got " + out);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new InvalidSettingException(name + ": dropout must be in [0, 1), got " + dropout);
        }
        this.inputShape = inputShape;
        this.in = inputShape.size();
        this.out = out;
        this.outputShape = Shape.vector(out);
        this.activation = activation;
        this.dropout = dropout;
        this.weight = new Parameter(name + ".weight", out, in);
        this.bias = new Parameter(name + ".bias", out);
        this.parameters = List.of(weight, bias);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public String describe() {
        return "FC " + in + "->" + out + " " + activation.id() + (dropout > 0 ? " dropout " + dropout : "");
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

    public float dropout() {
        return dropout;
    }

    @Override
    public int[] workspaceSizes(int n) {
        return dropout > 0 ? new int[] {n * in, n * in} : new int[0];
    }

    /** Inference never drops inputs: no scratch. */
    @Override
    public int[] inferenceWorkspaceSizes(int n) {
        return new int[0];
    }

    @Override
    public void forward(float[] x, float[] y, int n, Workspace ws, Pass pass) {
        float[] xin = x;
        if (dropout > 0 && pass.isTraining()) {
            Rng dropoutRng = pass.generator();
            float[] mask = ws.slot(0);
            xin = ws.slot(1);
            float keepScale = 1f / (1f - dropout);
            for (int i = 0, len = n * in; i < len; i++) {
                float m = dropoutRng.nextFloat() >= dropout ? keepScale : 0f;
                mask[i] = m;
                xin[i] = x[i] * m;
            }
        }
        Kernels.gemm().multiply(false, true, n, out, in, xin, 0, in, weight.value(), 0, in, 0f, y, 0, out);
        activation.applyWithBias(y, n, bias.value());
    }

    /** The input the forward pass actually multiplied: the dropped one during training with dropout. */
    private float[] effectiveInput(float[] x, Workspace ws) {
        return dropout > 0 ? ws.slot(1) : x;
    }

    @Override
    public void parameterGradients(float[] x, float[] dz, int n, Workspace ws) {
        parameterGradients(x, dz, n, ws, null);
    }

    /**
     * The weight gradient's rows reach {@code weightRows} (or nobody, when null) from the product itself, tile row by
     * tile row.
     */
    @Override
    public void parameterGradients(float[] x, float[] dz, int n, Workspace ws, Gemm.RowsDone weightRows) {
        float[] xin = effectiveInput(x, ws);
        Kernels.gemm().multiply(true, false, out, in, n, dz, 0, out, xin, 0, in, 0f, weight.grad(), 0, in, weightRows);
        float[] gb = bias.grad();
        java.util.Arrays.fill(gb, 0f);
        UpdateKernels.get().addColumnSums(dz, n, out, gb);
    }

    /** {@code W += scale dz^T x~} as one accumulating product (beta 1) on the pre-scaled {@code dz}. */
    @Override
    public void applyGradients(float[] x, float[] dz, int n, Workspace ws, float scale) {
        int len = n * out;
        for (int i = 0; i < len; i++) {
            dz[i] *= scale;
        }
        float[] xin = effectiveInput(x, ws);
        Kernels.gemm().multiply(true, false, out, in, n, dz, 0, out, xin, 0, in, 1f, weight.value(), 0, in);
        UpdateKernels.get().addColumnSums(dz, n, out, bias.value());
    }

    /**
     * Batch-1 forward pass and plain-SGD update fused ({@link FusedDenseStep}: each weight row is updated while it is
     * in L1 from its dot product), when the kernels offer it and no dropout mask is involved.
     */
    @Override
    public boolean forwardAndApply(float[] x, float[] y, float[] signal, float scale) {
        FusedDenseStep fused = fusedStep();
        if (fused == null) {
            return false;
        }
        fused.forwardUpdate(weight.value(), bias.value(), x, in, out, activation, signal, scale, y);
        return true;
    }

    @Override
    public boolean forwardAndApplySequence(int count, FusedDenseStep.Examples examples, FusedDenseStep.Outputs outputs,
                                           float scale) {
        FusedDenseStep fused = fusedStep();
        if (fused == null) {
            return false;
        }
        fused.forwardUpdateSequence(weight.value(), bias.value(), in, out, activation, scale, count, examples, outputs);
        return true;
    }

    /** The kernels' fused batch-1 step, or null when this layer cannot take it (dropout, a frozen parameter, plain kernels). */
    private FusedDenseStep fusedStep() {
        if (dropout > 0 || hasFrozenParameter() || !(Kernels.gemm() instanceof FusedDenseStep fused)) {
            return null;
        }
        return fused;
    }

    @Override
    public void inputGradient(float[] dz, float[] matrix, float[] dx, int n, Workspace ws) {
        Kernels.gemm().multiply(false, false, n, in, out, dz, 0, out, matrix, 0, in, 0f, dx, 0, in);
        if (dropout > 0) {
            float[] mask = ws.slot(0);
            for (int i = 0, len = n * in; i < len; i++) {
                dx[i] *= mask[i];
            }
        }
    }

    @Override
    public long forwardMacs() {
        return (long) in * out;
    }
}
