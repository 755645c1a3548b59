package org.drtp.nn;

import java.util.List;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;

/**
 * {@code CONV_channels_kernel_stride_padding}: a {@link ConvLayer} with {@code channels} output channels, a square
 * {@code kernel}, {@code stride} and zero {@code padding}, followed by 2x2 max-pooling with stride 2 (as the
 * reference's topology strings imply), with the network's conv activation and PyTorch's default initialisation.
 */
public record ConvSpec(int channels, int kernel, int stride, int padding) implements LayerSpec {

    public static final LayerKind KIND = new LayerKind("CONV", "CONV_32_5_1_2", List.of(
            new LayerKind.Argument("channels", 1), new LayerKind.Argument("kernel", 1),
            new LayerKind.Argument("stride", 1), new LayerKind.Argument("padding", 0)),
            a -> new ConvSpec(a[0], a[1], a[2], a[3]));

    @Override
    public String token() {
        return "CONV_" + channels + "_" + kernel + "_" + stride + "_" + padding;
    }

    @Override
    public Shape outputShape(Shape in) {
        return ConvLayer.outputShape(in, channels, kernel, stride, padding);
    }

    @Override
    public long parameterCount(Shape in) {
        return (long) channels * ((long) in.channels() * kernel * kernel + 1L);
    }

    @Override
    public Layer build(String name, Shape in, NetworkOptions options, boolean output, Rng initRng) {
        ConvLayer layer = new ConvLayer(name, in, channels, kernel, stride, padding, options.convActivation());
        Initializers.pytorchDefault(layer.parameters(), initRng);
        return layer;
    }

    @Override
    public boolean spatial() {
        return true;
    }
}
