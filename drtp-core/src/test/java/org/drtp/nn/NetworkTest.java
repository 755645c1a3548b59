package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkTest {

    @Test
    void buildsLayersWithTheReferenceActivationsAndShapes() {
        Network net = Network.build("FC_500_FC_300_FC_10", new Shape(1, 28, 28), NetworkOptions.defaults(), new Rng(1));
        assertEquals(3, net.depth());
        assertEquals(784, net.layer(0).inputShape().size());
        assertEquals(Activation.TANH, net.layer(0).activation());
        assertEquals(Activation.TANH, net.layer(1).activation());
        assertEquals(Activation.SIGMOID, net.outputLayer().activation());
        assertEquals(10, net.outputSize());
        assertArrayEquals(new int[] {300, 500}, net.layer(1).weight().shape());
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight",
                "layers.2.bias"), net.parameters().stream().map(Parameter::name).toList());
    }

    /** What each spec says before building (shapes, parameter counts) is what the built layers have. */
    @ParameterizedTest
    @CsvSource({"FC_7_FC_3, 1, 5, 5", "CONV_4_3_1_1_FC_6_FC_2, 1, 8, 8", "CONV_3_5_2_2_CONV_5_3_1_0_FC_4, 3, 17, 21"})
    void specsPredictTheLayersTheyBuild(String topology, int c, int h, int w) {
        Topology t = Topology.parse(topology);
        Shape in = new Shape(c, h, w);
        Network net = Network.build(t, in, NetworkOptions.defaults(), new Rng(2));
        List<Shape> shapes = Network.checkShapes(t, in);
        long total = 0;
        for (int k = 0; k < net.depth(); k++) {
            Layer layer = net.layer(k);
            LayerSpec spec = t.layers().get(k);
            assertEquals(shapes.get(k), layer.inputShape(), topology + " layer " + k);
            assertEquals(shapes.get(k + 1), layer.outputShape(), topology + " layer " + k);
            long values = layer.parameters().stream().mapToLong(Parameter::size).sum();
            assertEquals(values, spec.parameterCount(shapes.get(k)), topology + " layer " + k);
            total += values;
        }
        assertEquals(total, Network.parameterCount(t, in));
        assertTrue(t.layers().get(t.size() - 1).canBeOutput());
    }

    /** Weights written by another program (the golden traces) are loaded by name, shape checked. */
    @Test
    void loadsGivenValuesByNameAndRefusesWrongShapes() {
        Network net = Network.build("FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults(), new Rng(1));
        float[] w = new float[15];
        w[7] = 0.5f;
        net.parameter("layers.1.weight").load(new int[] {3, 5}, w);
        assertArrayEquals(w, net.layer(1).weight().value());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> net.parameter("layers.1.weight").load(new int[] {5, 3}, w));
        assertTrue(shape.getMessage().contains("layers.1.weight is [3, 5], got [5, 3]"), shape.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> net.parameter("layers.2.bias"));
        assertTrue(name.getMessage().contains("layers.1.bias"), name.getMessage());
    }

    @Test
    void fcZeroInitZeroesWeightsButNotBiases() {
        Network net = Network.build("FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults().withFcZeroInit(true), new Rng(1));
        for (Parameter p : net.parameters()) {
            boolean allZero = true;
            for (float v : p.value()) {
                allZero &= v == 0f;
            }
            assertEquals(p.name().endsWith("weight"), allZero, p.name());
        }
    }

    @Test
    void sameSeedSameWeights() {
        Network a = Network.build("FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults(), new Rng(1));
        Network b = Network.build("FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults(), new Rng(1));
        assertArrayEquals(a.layer(0).weight().value(), b.layer(0).weight().value());
    }

    @Test
    void inferenceAlternatesTwoBuffersAndMatchesLayerByLayerForward() {
        Network net = Network.build("FC_7_FC_6_FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults(), new Rng(1));
        float[] x = {0.1f, 0.2f, -0.3f, 0.9f, 1f, 0f, 0.5f, 0.5f};
        float[] out = new Inference(net, 2).run(x, 2).clone();
        float[] in = x;
        for (Layer l : net.layers()) {
            float[] y = new float[2 * l.outputShape().size()];
            l.forward(in, y, 2, new Workspace(l.workspaceSizes(2)), Pass.INFERENCE);
            in = y;
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(in[i], out[i], 0f);
        }
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> NetworkOptions.defaults().withHiddenActivation(Activation.NONE));
        assertThrows(IllegalArgumentException.class, () -> NetworkOptions.defaults().withOutputActivation(Activation.RELU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkOptions.defaults().withDropout(1.2f));
        assertTrue(e.getMessage().contains("[0, 1)"));
    }

    /** A layer whose weights exceed one Java array is the topology's fault, named as such, never an internal error. */
    @Test
    void refusesALayerLargerThanAnArrayNamingTheTopologyLayer() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Network.build("FC_10_FC_60000_FC_60000_FC_10",
                Shape.vector(4), NetworkOptions.defaults(), new Rng(1)));
        assertEquals("topology 'FC_10_FC_60000_FC_60000_FC_10', layer 3 (FC_60000): parameter layers.2.weight [60000, 60000]"
                + " has more values than one Java array holds (2147483639)", e.getMessage());
        // dimensions whose product passes 2^63 are refused the same way, not wrapped round to a small array
        assertThrows(IllegalArgumentException.class, () -> new Parameter("w", Integer.MAX_VALUE, Integer.MAX_VALUE, 4, 4, 2));
    }

    /** A padding so large that the output plane's size overflows an int is refused with the true sizes. */
    @Test
    void refusesAConvOutputPlaneLargerThanAnArray() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Network.checkShapes(Topology.parse("CONV_32_5_1_2000000000_FC_10"), new Shape(1, 28, 28)));
        assertEquals("topology 'CONV_32_5_1_2000000000_FC_10', layer 1 (CONV_32_5_1_2000000000): convolution output of"
                + " 4000000024x4000000024 pixels per channel is too large (input 1x28x28, kernel 5, stride 1, padding"
                + " 2000000000)", e.getMessage());
    }

    /** Sizes whose twice-the-padding passes an int still give the true output side (2 here, not 0). */
    @Test
    void computesAConvOutputSideWhosePaddingOverflowsAnInt() {
        org.drtp.tensor.ConvGeometry g = new org.drtp.tensor.ConvGeometry(1, 28, 28, 5, 2_000_000_000, 1_100_000_000);
        assertEquals(2, g.outHeight());
        assertEquals(2, g.outWidth());
        assertEquals(4, g.outPixels());
    }
}
