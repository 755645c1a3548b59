package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorPooling} writes exactly what {@link MaxPool2x2}'s scalar loops write, forward and backward, on planes
 * narrower and wider than one vector of windows (rows of half a vector of windows up to one take their own loops: 16
 * to 31 wide with 512-bit vectors, 8 to 15 with 256-bit ones, and VL and VL + 3 wide on either), odd sizes, offsets,
 * and values drawn from a handful so that every tie pattern occurs, with signed zeros, infinities and the odd NaN (NaN windows compare as NaN, whatever payload).
 */
class VectorPoolingTest {

    private static final float[] VALUES = {0f, -0f, 1f, 1f, 2f, -1f, 2f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 0.5f};
    private static final int[][] SIZES = {{28, 28}, {2, 2}, {5, 5}, {4, 16}, {6, 17}, {17, 33}, {32, 32}, {3, 40},
        {9, 47}, {5, 31}, {2, 18}, {7, 20}, {6, 14}, {7, 9}, {2, 64}, {12, MicroKernel.VL}, {9, MicroKernel.VL + 3},
        {12, 2 * MicroKernel.VL}, {12, 2 * MicroKernel.VL + 2}};

    private final VectorPooling vector = new VectorPooling();

    @Test
    void poolsAndRoutesLikeTheScalarLoopsBitForBit() {
        Random rnd = new Random(11);
        for (int[] size : SIZES) {
            int h = size[0], w = size[1], ph = h / 2, pw = w / 2;
            for (int trial = 0; trial < 40; trial++) {
                boolean withNan = trial % 5 == 4;
                int inOff = rnd.nextInt(3), outOff = rnd.nextInt(3);
                float[] in = new float[inOff + h * w];
                for (int i = 0; i < in.length; i++) {
                    in[i] = withNan && rnd.nextInt(30) == 0 ? Float.NaN : VALUES[rnd.nextInt(VALUES.length)];
                }
                float[] expected = new float[outOff + ph * pw];
                float[] actual = expected.clone();
                MaxPool2x2.forwardScalar(in, inOff, h, w, expected, outOff);
                vector.forward(in, inOff, h, w, actual, outOff);
                assertSame(expected, actual, "forward " + h + "x" + w);

                float[] dOut = new float[outOff + ph * pw];
                for (int i = 0; i < dOut.length; i++) {
                    dOut[i] = rnd.nextInt(8) == 0 ? Float.POSITIVE_INFINITY : (float) rnd.nextGaussian();
                }
                float[] dExpected = new float[inOff + h * w];
                float[] dActual = new float[dExpected.length];
                java.util.Arrays.fill(dExpected, 7f);
                java.util.Arrays.fill(dActual, 7f);
                MaxPool2x2.backwardScalar(in, inOff, h, w, dOut, outOff, dExpected, inOff);
                vector.backward(in, inOff, h, w, dOut, outOff, dActual, inOff);
                assertSame(dExpected, dActual, "backward " + h + "x" + w);
            }
        }
    }

    private static void assertSame(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) && Float.isNaN(actual[i])) {
                continue;
            }
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
