package org.drtp.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.Dataset;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Kernels;
import org.drtp.train.TrainingStep;

/**
 * Where a training epoch's time goes, as a roofline of drtp's own kernels: the epoch's matrix products (recorded
 * shape by shape while a sample of batches trains, then each shape timed alone at drtp's rate) and the
 * optimizer's updates (Adam stepping the trained parameters alone). What an epoch takes beyond the two is the
 * element-wise work around the products (bias, activations and their derivatives, the loss, im2col, pooling) and
 * the hand-offs between them.
 */
final class EpochAccounting {

    /** Batches recorded; an epoch's later batches make the same products (the shapes depend only on the batch size). */
    private static final int SAMPLED_BATCHES = 40;

    /**
     * Seconds per epoch of the products and of the optimizer, and the products' seconds by shape
     * ({@code MxNxK:TT}, {@code +} when accumulating into C).
     */
    record Account(double gemmSeconds, double optimizerSeconds, Map<String, Double> productSeconds) {
    }

    private EpochAccounting() {
    }

    static Account of(Dataset data, String topology, String rule, int batch) {
        Network net = EpochTimer.build(topology, data);
        Adam adam = new Adam(5e-4);
        TrainingStep step = EpochTimer.step(net, rule, adam, batch);
        EpochTimer.Batches batches = new EpochTimer.Batches(data, batch, 4);
        int sampled = Math.min(SAMPLED_BATCHES, batches.count());
        double perEpoch = batches.count() / (double) sampled;
        Gemm gemm = Kernels.gemm();
        ShapeRecorder recorder = new ShapeRecorder(gemm);
        Kernels.setGemm(recorder);
        try {
            batches.batches(step, sampled);
        } finally {
            Kernels.setGemm(gemm);
        }
        Map<String, Double> products = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : recorder.calls().entrySet()) {
            double s = e.getValue() * perEpoch * GemmThroughput.secondsPerCall(gemm, e.getKey(), 0.1);
            products.put(e.getKey(), s);
            total += s;
        }
        return new Account(total, optimizerSeconds(adam, step.trainedParameters(), sampled) * perEpoch, products);
    }

    /** Seconds of {@code steps} Adam steps of every parameter (their gradients are the last batch's). */
    private static double optimizerSeconds(Adam adam, List<Parameter> parameters, int steps) {
        for (Parameter p : parameters) {
            adam.step(p); // warm
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            for (Parameter p : parameters) {
                adam.step(p);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
