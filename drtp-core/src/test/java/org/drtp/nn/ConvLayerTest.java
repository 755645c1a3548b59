package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.random.Rng;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.drtp.testing.KernelThreads;
import org.junit.jupiter.api.Test;

class ConvLayerTest {

    /** Direct convolution, activation and 2x2 pooling, written from the definitions (no im2col, no gemm). */
    private static final class Direct {
        final float[] signal;
        final float[] pooled;

        Direct(ConvLayer l, float[] x, int n) {
            Shape in = l.inputShape(), s = l.signalShape(), o = l.outputShape();
            int k = l.geometry().kernel(), st = l.geometry().stride(), p = l.geometry().padding();
            float[] w = l.weight().value(), b = l.bias().value();
            signal = new float[n * s.size()];
            pooled = new float[n * o.size()];
            for (int e = 0; e < n; e++) {
                for (int oc = 0; oc < s.channels(); oc++) {
                    for (int y = 0; y < s.height(); y++) {
                        for (int xx = 0; xx < s.width(); xx++) {
                            double z = b[oc];
                            for (int c = 0; c < in.channels(); c++) {
                                for (int i = 0; i < k; i++) {
                                    for (int j = 0; j < k; j++) {
                                        int ih = y * st + i - p, iw = xx * st + j - p;
                                        if (ih >= 0 && ih < in.height() && iw >= 0 && iw < in.width()) {
                                            z += w[((oc * in.channels() + c) * k + i) * k + j]
                                                    * x[e * in.size() + (c * in.height() + ih) * in.width() + iw];
                                        }
                                    }
                                }
                            }
                            signal[e * s.size() + (oc * s.height() + y) * s.width() + xx] = (float) Math.tanh(z);
                        }
                    }
                    for (int y = 0; y < o.height(); y++) {
                        for (int xx = 0; xx < o.width(); xx++) {
                            float m = Float.NEGATIVE_INFINITY;
                            for (int dy = 0; dy < 2; dy++) {
                                for (int dx = 0; dx < 2; dx++) {
                                    m = Math.max(m, signal[e * s.size() + (oc * s.height() + 2 * y + dy) * s.width() + 2 * xx + dx]);
                                }
                            }
                            pooled[e * o.size() + (oc * o.height() + y) * o.width() + xx] = m;
                        }
                    }
                }
            }
        }
    }

    private static ConvLayer layer(Shape in, int out, int k, int s, int p, long seed) {
        ConvLayer l = new ConvLayer("conv", in, out, k, s, p, Activation.TANH);
        Initializers.pytorchDefault(l.parameters(), new Rng(seed));
        return l;
    }

    private static float[] input(int size, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextFloat();
        }
        return x;
    }

    @Test
    void forwardMatchesADirectConvolutionFollowedByPooling() {
        int[][] cases = {{1, 8, 8, 4, 3, 1, 1}, {3, 9, 7, 5, 3, 2, 1}, {2, 11, 10, 3, 5, 1, 2}, {1, 6, 6, 2, 2, 2, 0}};
        for (int[] c : cases) {
            Shape in = new Shape(c[0], c[1], c[2]);
            ConvLayer l = layer(in, c[3], c[4], c[5], c[6], 3);
            int n = 3;
            float[] x = input(n * in.size(), 4);
            Workspace ws = new Workspace(l.workspaceSizes(n));
            float[] out = new float[n * l.outputShape().size()];
            l.forward(x, out, n, ws, Pass.training(new Rng(0)));
            Direct d = new Direct(l, x, n);
            float[] signal = java.util.Arrays.copyOf(l.signalMap(out, ws), d.signal.length);
            assertArrayEquals(d.signal, signal, 2e-6f, l.describe());
            assertArrayEquals(d.pooled, out, 2e-6f, l.describe());
        }
    }

    @Test
    void weightHasPyTorchLayoutAndDefaultInitialisationBound() {
        ConvLayer l = layer(new Shape(3, 10, 10), 6, 5, 1, 2, 7);
        assertArrayEquals(new int[] {6, 3, 5, 5}, l.weight().shape());
        float bound = (float) (1 / Math.sqrt(3 * 5 * 5));
        for (float w : l.weight().value()) {
            assertTrue(Math.abs(w) <= bound);
        }
        for (float b : l.bias().value()) {
            assertTrue(Math.abs(b) <= bound);
        }
        assertEquals(new Shape(6, 10, 10), l.signalShape());
        assertEquals(new Shape(6, 5, 5), l.outputShape());
    }

    @Test
    void outputShapeFollowsTheFloorFormulasOverAGridOfKernelStrideAndPadding() {
        for (int h = 3; h <= 12; h++) {
            for (int k = 1; k <= 6; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p <= 3; p++) {
                        Shape in = new Shape(2, h, h + 1);
                        String topo = "CONV_4_" + k + "_" + s + "_" + p + "_FC_10";
                        int oh = Math.floorDiv(h + 2 * p - k, s) + 1;
                        int ow = Math.floorDiv(h + 1 + 2 * p - k, s) + 1;
                        if (h + 2 * p < k) {
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                    () -> Network.checkShapes(Topology.parse(topo), in));
                            assertTrue(e.getMessage().contains("layer 1 (CONV_4_" + k) && e.getMessage().contains("does not fit"),
                                    e.getMessage());
                        } else if (oh < 2 || ow < 2) {
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                    () -> Network.checkShapes(Topology.parse(topo), in));
                            assertTrue(e.getMessage().contains("max-pooling"), e.getMessage());
                        } else {
                            Shape expected = new Shape(4, oh / 2, ow / 2);
                            assertEquals(expected, Network.checkShapes(Topology.parse(topo), in).get(1), topo + " on " + in);
                            ConvLayer l = new ConvLayer("c", in, 4, k, s, p, Activation.RELU);
                            assertEquals(new Shape(4, oh, ow), l.signalShape());
                            assertEquals(expected, l.outputShape());
                        }
                    }
                }
            }
        }
    }

    @Test
    void stackedConvolutionsChainTheirPooledShapesIntoTheFcLayers() {
        Network net = Network.build("CONV_64_3_1_1_CONV_256_3_1_1_FC_1000_FC_10", new Shape(3, 32, 32),
                NetworkOptions.defaults(), new Rng(1));
        assertEquals(new Shape(64, 16, 16), net.layer(0).outputShape());
        assertEquals(new Shape(256, 16, 16), net.layer(1).signalShape());
        assertEquals(256 * 8 * 8, net.layer(2).inputShape().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.build("CONV_8_5_1_0_CONV_8_5_1_0_FC_10", new Shape(1, 12, 12), NetworkOptions.defaults(), new Rng(1)));
        assertTrue(e.getMessage().contains("layer 2 (CONV_8_5_1_0)"), e.getMessage());
    }

    @Test
    void poolingGradientReachesOnlyTheMaximumOfEachWindow() {
        ConvLayer l = layer(new Shape(2, 7, 7), 3, 3, 1, 1, 5);
        int n = 2;
        float[] x = input(n * l.inputShape().size(), 6);
        Workspace ws = new Workspace(l.workspaceSizes(n));
        float[] out = new float[n * l.outputShape().size()];
        l.forward(x, out, n, ws, Pass.training(new Rng(0)));
        float[] signal = l.signalMap(out, ws);
        float[] dOut = new float[out.length];
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] = i + 1;
        }
        float[] dSignal = new float[n * l.signalShape().size()];
        java.util.Arrays.fill(dSignal, Float.NaN);
        l.outputGradientToSignal(dOut, dSignal, n, ws);
        int h = 7, w = 7, ph = 3, pw = 3;
        int nonZero = 0;
        for (int m = 0; m < n * 3; m++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float g = dSignal[m * h * w + y * w + xx];
                    if (g == 0f) {
                        continue;
                    }
                    nonZero++;
                    int py = y / 2, px = xx / 2;
                    assertTrue(py < ph && px < pw, "gradient in the dropped odd row/column");
                    int o = m * ph * pw + py * pw + px;
                    assertEquals(dOut[o], g);
                    assertEquals(out[o], signal[m * h * w + y * w + xx], "gradient not at the window's maximum");
                }
            }
        }
        assertEquals(dOut.length, nonZero);
    }

    @Test
    void inferenceInChunksGivesTheSameOutputAsOneTrainingPass() {
        ConvLayer l = layer(new Shape(1, 28, 28), 32, 5, 1, 2, 8);
        int n = 400; // more than one inference chunk of this layer
        int[] inference = l.inferenceWorkspaceSizes(n);
        assertTrue(inference[0] < l.workspaceSizes(n)[0], "inference should not keep the whole batch's columns");
        float[] x = input(n * l.inputShape().size(), 9);
        float[] a = new float[n * l.outputShape().size()];
        float[] b = new float[a.length];
        l.forward(x, a, n, new Workspace(l.workspaceSizes(n)), Pass.training(new Rng(0)));
        l.forward(x, b, n, new Workspace(inference), Pass.INFERENCE);
        assertArrayEquals(a, b);
    }

    @Test
    void trainingPassRefusesAWorkspaceSizedForFewerExamples() {
        ConvLayer l = layer(new Shape(1, 6, 6), 2, 3, 1, 1, 1);
        Workspace small = new Workspace(l.workspaceSizes(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> l.forward(new float[3 * 36], new float[3 * 18], 3, small, Pass.training(new Rng(0))));
        assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    }

    /** Every array a training pass of the layer computes: signal map, pooled output, signal gradient, dW, db. */
    private static float[][] trainingPass(ConvLayer l, float[] x, float[] dOut, int n) {
        Workspace ws = new Workspace(l.workspaceSizes(n));
        float[] out = new float[n * l.outputShape().size()];
        l.forward(x, out, n, ws, Pass.training(new Rng(0)));
        float[] signal = java.util.Arrays.copyOf(l.signalMap(out, ws), n * l.signalShape().size());
        float[] dSignal = new float[signal.length];
        l.outputGradientToSignal(dOut, dSignal, n, ws);
        l.activation().multiplyDerivativeOnThreads(signal, dSignal, dSignal.length);
        l.parameterGradients(x, dSignal, n, ws);
        return new float[][] {signal, out, dSignal, l.weight().grad().clone(), l.bias().grad().clone()};
    }

    @Test
    void passesSplitOverTheThreadsGiveTheBitsOfOneThread() {
        // Large enough for im2col, the map passes, unpooling, the derivative and the bias gradient to split.
        ConvLayer l = layer(new Shape(1, 28, 28), 32, 5, 1, 2, 10);
        int n = 9;
        float[] x = input(n * l.inputShape().size(), 11);
        float[] dOut = input(n * l.outputShape().size(), 12);
        float[][] one = KernelThreads.with(1, () -> trainingPass(l, x, dOut, n));
        float[][] many = KernelThreads.with(4, () -> trainingPass(l, x, dOut, n));
        String[] names = {"signal map", "pooled output", "signal gradient", "weight gradient", "bias gradient"};
        for (int i = 0; i < names.length; i++) {
            assertArrayEquals(one[i], many[i], names[i]);
        }
        Direct d = new Direct(l, x, n);
        assertArrayEquals(d.signal, many[0], 2e-6f);
        assertArrayEquals(d.pooled, many[1], 2e-6f);
    }
}
