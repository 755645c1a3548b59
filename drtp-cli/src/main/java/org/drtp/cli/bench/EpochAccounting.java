package org.drtp.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.Dataset;
import org.drtp.nn.ConvLayer;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.ConvGeometry;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Im2col;
import org.drtp.tensor.Kernels;
import org.drtp.tensor.MaxPool2x2;
import org.drtp.train.Statistics;
import org.drtp.train.TrainingStep;

/**
 * Where a training epoch's time goes, as a roofline of drtp's own kernels: the epoch's matrix products (recorded
 * shape by shape while a sample of batches trains, then each shape timed alone at drtp's rate, {@link Products}) and
 * the optimizer's updates (Adam stepping the trained parameters alone), and for conv nets im2col and max-pooling timed
 * alone at the conv layers' geometry. What an epoch takes beyond these is the element-wise work around the products
 * (bias, activations and their derivatives, the loss) and the hand-offs between them.
 */
final class EpochAccounting {

    /** Batches recorded; an epoch's later batches make the same products (the shapes depend only on the batch size). */
    private static final int SAMPLED_BATCHES = 40;

    /** The epoch's products, and the seconds per epoch of the optimizer, im2col and pooling. */
    record Account(Products products, double optimizerSeconds, double im2colSeconds, double poolingSeconds) {

        /** Seconds per epoch of the products: the median of their timings so far. */
        double gemmSeconds() {
            return products.seconds();
        }

        /** Seconds per epoch of each product shape ({@code MxNxK:TT}, {@code +} when accumulating into C), medians. */
        Map<String, Double> productSeconds() {
            return products.byShape();
        }
    }

    /**
     * The products an epoch makes, shape by shape with their calls per epoch, timed at drtp's rate each time
     * {@link #time} is called. The harness times them once beside every measured epoch, so that the ratio epoch /
     * products is taken from two measurements seconds apart, in the same phase of a shared machine's speed (which moves
     * 20-40 % within minutes, docs/performance.md).
     */
    static final class Products {
        private final Gemm gemm;
        private final Map<String, Double> callsPerEpoch;
        private final Map<String, List<Double>> timings = new LinkedHashMap<>();
        private final List<Double> totals = new ArrayList<>();

        private Products(Gemm gemm, Map<String, Double> callsPerEpoch) {
            this.gemm = gemm;
            this.callsPerEpoch = callsPerEpoch;
        }

        /** Times every shape once (about 0.1 s each) and returns the products' seconds per epoch. */
        double time() {
            double total = 0;
            for (Map.Entry<String, Double> e : callsPerEpoch.entrySet()) {
                double s = e.getValue() * GemmThroughput.secondsPerCall(gemm, e.getKey(), 0.1);
                timings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
                total += s;
            }
            totals.add(total);
            return total;
        }

        double seconds() {
            return Statistics.median(totals);
        }

        Map<String, Double> byShape() {
            Map<String, Double> m = new LinkedHashMap<>();
            timings.forEach((shape, t) -> m.put(shape, Statistics.median(t)));
            return m;
        }
    }

    private EpochAccounting() {
    }

    /** Records the epoch's products (timed once) and times the optimizer, im2col and pooling. */
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
        Map<String, Double> calls = new LinkedHashMap<>();
        recorder.calls().forEach((shape, n) -> calls.put(shape, n * perEpoch));
        Products products = new Products(gemm, calls);
        products.time();
        double[] conv = convDataMovementSeconds(net, batch, data.size(),
                LearningRules.create(rule).sendsSignalsBackwards());
        return new Account(products, adamStepSeconds(adam, step.trainedParameters()) * batches.count(), conv[0],
                conv[1]);
    }

    /**
     * Seconds per epoch of the conv layers' data movement, each timed alone at the layer's own geometry: im2col of
     * every example, and 2x2 max-pooling forward (every channel of every example) plus, when the rule sends a
     * gradient back through the pooling ({@code backThroughPooling}: the rules that send signals backwards, BP and FA), its backward. Zeros for a net
     * without conv layers. The activation and bias of the conv maps stay in the element-wise remainder.
     */
    private static double[] convDataMovementSeconds(Network net, int batch, int examples, boolean backThroughPooling) {
        double im2col = 0, pooling = 0;
        Rng r = new Rng(5);
        for (Layer layer : net.layers()) {
            if (!(layer instanceof ConvLayer conv)) {
                continue;
            }
            ConvGeometry g = conv.geometry();
            int pixels = g.outPixels(), inSize = g.inputSize(), ld = batch * pixels;
            int channels = conv.signalShape().channels(), oh = g.outHeight(), ow = g.outWidth();
            int pooled = conv.outputShape().size() / channels;
            float[] x = new float[batch * inSize], cols = new float[g.patchSize() * ld];
            float[] map = new float[batch * channels * pixels], out = new float[batch * channels * pooled];
            float[] dMap = new float[map.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            for (int i = 0; i < map.length; i++) {
                map[i] = r.nextFloat();
            }
            Runnable im2colBatch = () -> {
                for (int e = 0; e < batch; e++) {
                    Im2col.im2col(g, x, e * inSize, cols, e * pixels, ld);
                }
            };
            Runnable poolBatch = () -> {
                for (int m = 0; m < batch * channels; m++) {
                    MaxPool2x2.forward(map, m * pixels, oh, ow, out, m * pooled);
                    if (backThroughPooling) {
                        MaxPool2x2.backward(map, m * pixels, oh, ow, out, m * pooled, dMap, m * pixels);
                    }
                }
            };
            double batches = examples / (double) batch;
            im2col += secondsPerRun(im2colBatch) * batches;
            pooling += secondsPerRun(poolBatch) * batches;
        }
        return new double[] {im2col, pooling};
    }

    /** Seconds per run of {@code work}, timed for about 0.1 s after a warm-up of the same length. */
    private static double secondsPerRun(Runnable work) {
        for (int pass = 0; ; pass++) {
            long runs = 0, t0 = System.nanoTime(), end = t0 + 100_000_000L, now;
            do {
                work.run();
                runs++;
                now = System.nanoTime();
            } while (now < end);
            if (pass == 1) {
                return (now - t0) / 1e9 / runs;
            }
        }
    }

    /**
     * Seconds of one Adam step of every parameter (their gradients are the last batch's), timed alone like im2col and
     * pooling ({@link #secondsPerRun}: after a warm-up as long as the timing). Training steps the weights by rows, so
     * this whole-parameter path is cold when the first network's accounting reaches it: timed after a single warm-up
     * step, the first rule accounted (DRTP) came out about 1.5x the second (BP) in every bench run of the eighth and
     * ninth sessions, and either rule did when accounted first (scratch probe, ninth session).
     */
    private static double adamStepSeconds(Adam adam, List<Parameter> parameters) {
        return secondsPerRun(() -> {
            for (Parameter p : parameters) {
                adam.step(p);
            }
        });
    }
}
