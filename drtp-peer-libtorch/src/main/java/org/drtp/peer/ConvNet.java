package org.drtp.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;

/**
 * {@code CONV_32_5_1_2_FC_1000_FC_10} on 28x28 inputs: a 5x5 convolution of 32 channels (stride 1, padding 2),
 * tanh, 2x2 max-pooling, then FC 6272-1000-10 ({@link Mlp}). Only the convolution's weight gradient goes
 * through autograd (DJL exposes no direct conv-backward call): DRTP backpropagates {@code (t B) * (1 - a^2)}
 * through the convolution alone, BP the FC layers' input gradient through pooling, tanh and convolution.
 */
final class ConvNet {

    private static final int CHANNELS = 32, KERNEL = 5, SIDE = 28;

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray feedback;
    private final TorchAdam adam;
    private final Mlp fc;

    ConvNet(NDManager manager, float lr) {
        float bound = (float) (1 / Math.sqrt(KERNEL * KERNEL));
        adam = new TorchAdam(lr);
        weight = adam.add(manager.randomUniform(-bound, bound, new Shape(CHANNELS, 1, KERNEL, KERNEL)));
        bias = adam.add(manager.randomUniform(-bound, bound, new Shape(CHANNELS)));
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        float fb = (float) Math.sqrt(6.0 / Batches.CLASSES);
        feedback = manager.randomUniform(-fb, fb, new Shape(Batches.CLASSES, CHANNELS * SIDE * SIDE));
        int pooled = CHANNELS * (SIDE / 2) * (SIDE / 2);
        fc = new Mlp(manager, new int[] {pooled, 1000, Batches.CLASSES}, new TorchAdam(lr));
    }

    void attach(NDManager scratch) {
        weight.tempAttach(scratch);
        bias.tempAttach(scratch);
        adam.attach(scratch);
        feedback.tempAttach(scratch);
        fc.attach(scratch);
    }

    void drtpStep(NDArray x, NDArray t) {
        int n = (int) x.getShape().get(0);
        NDArray image = x.reshape(n, 1, SIDE, SIDE);
        NDArray pooled;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z = conv(image);
            NDArray a = z.stopGradient().tanh();
            NDArray dz = t.matMul(feedback).reshape(n, CHANNELS, SIDE, SIDE).muli(a.square().neg().addi(1f));
            collector.backward(z.mul(dz).sum());
            pooled = pool(a);
        }
        updateConv();
        fc.drtpStep(pooled.reshape(n, -1), t, 0f);
    }

    void bpStep(NDArray x, NDArray t) {
        int n = (int) x.getShape().get(0);
        NDArray image = x.reshape(n, 1, SIDE, SIDE);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray pooled = pool(conv(image).tanh());
            NDArray dPooled = fc.bpStep(pooled.stopGradient().reshape(n, -1), t, true);
            collector.backward(pooled.mul(dPooled.reshape(pooled.getShape())).sum());
        }
        updateConv();
    }

    private NDArray conv(NDArray image) {
        return Conv2d.conv2d(image, weight, bias, new Shape(1, 1), new Shape(2, 2)).singletonOrThrow();
    }

    private static NDArray pool(NDArray a) {
        return Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** Adam on the convolution's weight and bias from autograd's gradients, which are then zeroed. */
    private void updateConv() {
        adam.beginStep();
        NDArray gw = weight.getGradient();
        NDArray gb = bias.getGradient();
        adam.update(0, gw);
        adam.update(1, gb);
        gw.muli(0f);
        gb.muli(0f);
    }
}
