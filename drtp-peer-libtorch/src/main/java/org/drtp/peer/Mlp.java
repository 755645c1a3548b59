package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * A fully connected tanh network with sigmoid outputs and BCE loss, trained as a PyTorch expert would write
 * it without autograd: explicit forward products, the BP or DRTP deltas in closed form, weight gradients
 * as {@code dz^T x}, and {@link TorchAdam} (or plain SGD online). DRTP's signal at hidden layer k is the
 * one-hot target times a fixed random matrix {@code B_k} (10 x units), as drtp computes it.
 */
final class Mlp {

    private final int[] sizes;
    private final NDArray[] w;
    private final NDArray[] b;
    private final NDArray[] feedback;
    private final TorchAdam adam;

    /** {@code sizes}: input, hidden..., output; {@code adam} null for plain SGD. */
    Mlp(NDManager manager, int[] sizes, TorchAdam adam) {
        this.sizes = sizes;
        this.adam = adam;
        int layers = sizes.length - 1;
        w = new NDArray[layers];
        b = new NDArray[layers];
        feedback = new NDArray[layers - 1];
        for (int l = 0; l < layers; l++) {
            float bound = (float) (1 / Math.sqrt(sizes[l])); // nn.Linear's default initialisation range
            w[l] = manager.randomUniform(-bound, bound, new Shape(sizes[l + 1], sizes[l]));
            b[l] = manager.randomUniform(-bound, bound, new Shape(sizes[l + 1]));
            if (adam != null) {
                adam.add(w[l]);
                adam.add(b[l]);
            }
            if (l < layers - 1) {
                float fb = (float) Math.sqrt(6.0 / sizes[sizes.length - 1]);
                feedback[l] = manager.randomUniform(-fb, fb, new Shape(sizes[sizes.length - 1], sizes[l + 1]));
            }
        }
    }

    /** Attaches the parameters (and Adam's moments) to {@code scratch} for one step. */
    void attach(NDManager scratch) {
        for (int l = 0; l < w.length; l++) {
            w[l].tempAttach(scratch);
            b[l].tempAttach(scratch);
        }
        for (NDArray f : feedback) {
            f.tempAttach(scratch);
        }
        if (adam != null) {
            adam.attach(scratch);
        }
    }

    private NDArray linear(int l, NDArray x) {
        return x.matMul(w[l].transpose()).addi(b[l]);
    }

    /** One DRTP step: each hidden layer learns from {@code t B_k} right after its forward product. */
    void drtpStep(NDArray x, NDArray t, float sgdLr) {
        int n = (int) x.getShape().get(0);
        beginStep();
        NDArray h = x;
        for (int l = 0; l < w.length - 1; l++) {
            NDArray a = linear(l, h).tanh();
            // dz = (t B_k) * (1 - a^2): the target projection times tanh's derivative
            NDArray dz = t.matMul(feedback[l]).muli(a.square().neg().addi(1f));
            update(2 * l, dz.transpose().matMul(h), sgdLr);
            update(2 * l + 1, dz.sum(new int[] {0}), sgdLr);
            h = a;
        }
        int last = w.length - 1;
        NDArray e = Activation.sigmoid(linear(last, h)).subi(t).divi((float) n);
        update(2 * last, e.transpose().matMul(h), sgdLr);
        update(2 * last + 1, e.sum(new int[] {0}), sgdLr);
    }

    /**
     * One BP step: forward keeping the activations, then deltas sent down through the weights. With
     * {@code inputGradient} it also returns the loss gradient with respect to {@code x} (for a layer below).
     */
    NDArray bpStep(NDArray x, NDArray t, boolean inputGradient) {
        int n = (int) x.getShape().get(0);
        beginStep();
        int layers = w.length;
        NDArray[] h = new NDArray[layers];
        h[0] = x;
        for (int l = 0; l < layers - 1; l++) {
            h[l + 1] = linear(l, h[l]).tanh();
        }
        NDArray dz = Activation.sigmoid(linear(layers - 1, h[layers - 1])).subi(t).divi((float) n);
        for (int l = layers - 1; l >= 0; l--) {
            NDArray down = l > 0 ? dz.matMul(w[l]).muli(h[l].square().neg().addi(1f))
                    : inputGradient ? dz.matMul(w[0]) : null;
            update(2 * l, dz.transpose().matMul(h[l]), 0f);
            update(2 * l + 1, dz.sum(new int[] {0}), 0f);
            dz = down;
        }
        return dz;
    }

    private void beginStep() {
        if (adam != null) {
            adam.beginStep();
        }
    }

    /** Parameter {@code p} (weights 2l, bias 2l+1): Adam, or {@code w -= lr g} in place. */
    private void update(int p, NDArray g, float sgdLr) {
        if (adam != null) {
            adam.update(p, g);
        } else {
            (p % 2 == 0 ? w[p / 2] : b[p / 2]).subi(g.muli(sgdLr));
        }
    }

    int[] sizes() {
        return sizes;
    }
}
