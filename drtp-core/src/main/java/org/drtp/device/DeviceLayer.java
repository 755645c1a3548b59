package org.drtp.device;

/**
 * One fully-connected layer in the integer arithmetic of docs/on-device.md: the learned state (weight and
 * bias codes) and the constants fixed at quantisation (exponents, learning-rate mantissa and shifts). All
 * shifts are chosen by {@link Quantizer} so that no intermediate value leaves int32 (bounds in the doc).
 *
 * @param inputs        fan-in n
 * @param outputs       units m
 * @param hidden        tanh layer that learns from the feedback row; false for the sigmoid output layer
 * @param inputExp      fa: an input code a means a * 2^-fa (8 for the uint8 input, 7 for a hidden layer's Q1.7)
 * @param weightExp     fw: a weight code w means w * 2^-fw; a bias code b means b * 2^-(fw + fa)
 * @param weightMax     saturation bound of weight codes (symmetric)
 * @param signalExp     fd: a signal code d (dz before the learning rate) means d * 2^-fd
 * @param lrMantissa    L in [128, 255]: this layer's learning rate is L * 2^(fd + fa - fw - Q - S)
 * @param gradShift     Q: g = round(d * L / 2^Q)
 * @param updateShift   S: w -= (g * a + r) >> S, r the dither in [0, 2^S)
 * @param biasShift     T: b -= round(g / 2^T) (a left shift by -T when negative)
 */
public record DeviceLayer(int inputs, int outputs, boolean hidden, int inputExp, int weightExp, int weightMax,
                          int signalExp, int lrMantissa, int gradShift, int updateShift, int biasShift,
                          int[] weights, int[] biases) {

    /** Bias codes saturate at +-2^29, and n * max|w| * max|a| <= 2^29, so an accumulator never leaves int32. */
    public static final int BIAS_MAX = 1 << 29;

    /** Shift from an accumulator to the tanh table's index. */
    int tanhShift() {
        return weightExp + inputExp - Tables.TANH_STEP_BITS;
    }

    int sigmoidShift() {
        return weightExp + inputExp - Tables.SIGMOID_STEP_BITS;
    }

    /** Largest input code of this layer (255 for uint8 pixels, 127 for a hidden layer's tanh codes). */
    int inputMax() {
        return inputExp == 8 ? 255 : 127;
    }

    /** The learning rate this layer applies, as a real number (for messages and the doc). */
    public double effectiveLearningRate() {
        return lrMantissa * Math.pow(2, signalExp + inputExp - weightExp - gradShift - updateShift);
    }

    DeviceLayer copy() {
        return new DeviceLayer(inputs, outputs, hidden, inputExp, weightExp, weightMax, signalExp, lrMantissa, gradShift,
                updateShift, biasShift, weights.clone(), biases.clone());
    }
}
