package org.drtp.nn;

/** One element of a topology string: {@code FC_units} or {@code CONV_channels_kernel_stride_padding}. */
public sealed interface LayerSpec permits LayerSpec.Fc, LayerSpec.Conv {

    /** The spec as it appears in a topology string. */
    String token();

    /** A fully-connected layer of {@code units} outputs. */
    record Fc(int units) implements LayerSpec {
        @Override
        public String token() {
            return "FC_" + units;
        }
    }

    /**
     * A convolution with {@code channels} output channels, a square {@code kernel}, {@code stride} and zero
     * {@code padding}, followed by 2x2 max-pooling with stride 2 (as the reference's topology strings imply).
     */
    record Conv(int channels, int kernel, int stride, int padding) implements LayerSpec {
        @Override
        public String token() {
            return "CONV_" + channels + "_" + kernel + "_" + stride + "_" + padding;
        }
    }
}
