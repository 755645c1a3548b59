package org.drtp.device;

/**
 * The activation functions as integer lookup tables (docs/on-device.md, "Activations"). The tables are
 * computed once here and exported verbatim into the C code, so Java and C read the same numbers. They use
 * {@link StrictMath}: the tables define the device arithmetic, so they must come out the same on every JVM.
 */
public final class Tables {

    /** Entries of each table; indices past the end read the last entry (the function is flat there). */
    public static final int SIZE = 256;
    /** {@code TANH[i] = round(128 tanh(i / 64))}, at most 127: tanh of z >= 0 in steps of 2^-6, as Q1.7. */
    public static final int TANH_STEP_BITS = 6;
    /** {@code SIGMOID[i] = round(128 sigmoid(i / 32))}: sigmoid of z >= 0 in steps of 2^-5, as Q1.7 (64..128). */
    public static final int SIGMOID_STEP_BITS = 5;

    private static final int[] TANH = new int[SIZE];
    private static final int[] SIGMOID = new int[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            TANH[i] = (int) Math.min(127, Math.round(128 * StrictMath.tanh(i / 64.0)));
            SIGMOID[i] = (int) Math.round(128 / (1 + StrictMath.exp(-i / 32.0)));
        }
    }

    private Tables() {
    }

    public static int[] tanh() {
        return TANH.clone();
    }

    public static int[] sigmoid() {
        return SIGMOID.clone();
    }

    /** tanh of an accumulator: {@code acc >> shift} (rounded) is the table index; the result is in Q1.7. */
    static int tanh(int acc, int shift) {
        int t = acc < 0 ? -acc : acc;
        int i = (t + (1 << (shift - 1))) >> shift;
        int v = TANH[i < SIZE ? i : SIZE - 1];
        return acc < 0 ? -v : v;
    }

    /** sigmoid of an accumulator, indexed as {@link #tanh(int, int)}; sigmoid(-z) = 1 - sigmoid(z), in Q1.7. */
    static int sigmoid(int acc, int shift) {
        int t = acc < 0 ? -acc : acc;
        int i = (t + (1 << (shift - 1))) >> shift;
        int v = SIGMOID[i < SIZE ? i : SIZE - 1];
        return acc < 0 ? 128 - v : v;
    }
}
