package org.drtp.tensor;

import org.drtp.settings.InvalidSettingException;

/**
 * Shape arithmetic of a 2-D convolution over one example of {@code inChannels x inHeight x inWidth}
 * values with a square {@code kernel}, {@code stride} and zero {@code padding} (PyTorch {@code nn.Conv2d}):
 * {@code outHeight = floor((inHeight + 2 padding - kernel) / stride) + 1}, likewise for the width.
 *
 * <p>In the im2col view one output pixel is the dot product of a kernel row with a <em>patch</em> of
 * {@link #patchSize()} = {@code inChannels * kernel * kernel} input values, rows ordered
 * (channel, kernel row, kernel column) as PyTorch's weight layout [out, in, k, k].
 */
public record ConvGeometry(int inChannels, int inHeight, int inWidth, int kernel, int stride, int padding) {

    /** Throws IllegalArgumentException naming the sizes when the kernel does not fit the padded input. */
    public ConvGeometry {
        if (inChannels <= 0 || inHeight <= 0 || inWidth <= 0) {
            throw new InvalidSettingException("convolution input must have positive dimensions, got "
                    + inChannels + "x" + inHeight + "x" + inWidth);
        }
        if (kernel <= 0 || stride <= 0 || padding < 0) {
            throw new InvalidSettingException("convolution needs kernel > 0, stride > 0 and padding >= 0, got kernel "
                    + kernel + ", stride " + stride + ", padding " + padding);
        }
        if (inHeight + 2L * padding < kernel || inWidth + 2L * padding < kernel) {
            throw new InvalidSettingException("kernel " + kernel + "x" + kernel + " does not fit the input "
                    + inChannels + "x" + inHeight + "x" + inWidth + " padded by " + padding + " ("
                    + (inHeight + 2L * padding) + "x" + (inWidth + 2L * padding) + ")");
        }
        long outHeight = outSize(inHeight, kernel, stride, padding), outWidth = outSize(inWidth, kernel, stride, padding);
        if (outHeight > Integer.MAX_VALUE / 2 || outWidth > Integer.MAX_VALUE / 2 || outHeight * outWidth > Integer.MAX_VALUE / 2) {
            throw new InvalidSettingException("convolution output of " + outHeight + "x" + outWidth + " pixels per channel"
                    + " is too large (input " + inChannels + "x" + inHeight + "x" + inWidth + ", kernel " + kernel + ", stride "
                    + stride + ", padding " + padding + ")");
        }
        if ((long) inChannels * kernel * kernel > Integer.MAX_VALUE / 2) {
            throw new InvalidSettingException("convolution patch of " + inChannels + "x" + kernel + "x" + kernel
                    + " values is too large");
        }
    }

    public int outHeight() {
        return (int) outSize(inHeight, kernel, stride, padding);
    }

    public int outWidth() {
        return (int) outSize(inWidth, kernel, stride, padding);
    }

    /**
     * One output side, {@code floor((in + 2 padding - kernel) / stride) + 1}, in long: {@code 2 * padding} alone may pass
     * an int (a padding of 1.1e9 with a stride of 2e9 gives 2 pixels, not 0). The constructor bounds the result, so the
     * accessors' casts are exact.
     */
    private static long outSize(int in, int kernel, int stride, int padding) {
        return (in + 2L * padding - kernel) / stride + 1;
    }

    /** Output pixels per channel: {@code outHeight * outWidth}. */
    public int outPixels() {
        return outHeight() * outWidth();
    }

    /** Values in one patch (one column of the im2col matrix): {@code inChannels * kernel^2}. */
    public int patchSize() {
        return inChannels * kernel * kernel;
    }

    /** Values in one input example. */
    public int inputSize() {
        return inChannels * inHeight * inWidth;
    }
}
