package org.drtp.device;

/**
 * Marsaglia's 32-bit xorshift (shifts 13, 17, 5): the device's only random generator, for the dither of
 * stochastic rounding and for regenerating feedback rows from a seed. Three shifts and three xors per number,
 * the same in Java and C (docs/on-device.md, "Random numbers").
 */
public final class XorShift32 {

    private XorShift32() {
    }

    /** The state after {@code s} (never 0 for a non-zero {@code s}). */
    public static int next(int s) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return s;
    }

    /** Start state of feedback row {@code label} of hidden layer {@code layer} for a feedback seed. */
    public static int rowSeed(int seed, int layer, int label) {
        // murmur3's finaliser spreads the (seed, layer, label) bits so that neighbouring rows are unrelated
        int s = seed ^ (layer + 1) * 0x9E3779B9 ^ (label + 1) * 0x7FEB352D;
        s ^= s >>> 16;
        s *= 0x85EBCA6B;
        s ^= s >>> 13;
        s *= 0xC2B2AE35;
        s ^= s >>> 16;
        return s == 0 ? 1 : s;
    }
}
