package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaxPool2x2Test {

    @Test
    void poolsEachWindowToItsMaximumAndDropsAnOddLastRowAndColumn() {
        float[] in = {
            1, 5, 2, 0, 9,
            3, 4, 8, 1, 9,
            0, 0, 7, 7, 9,
            -1, 6, 7, 2, 9,
            9, 9, 9, 9, 9,
        };
        float[] out = new float[4];
        float[] arg = new float[4];
        MaxPool2x2.forward(in, 0, 5, 5, out, 0, arg, 0);
        assertArrayEquals(new float[] {5, 8, 6, 7}, out);
        // window positions 2*row + column; the 7-7-7 tie goes to the first in row-major order
        assertArrayEquals(new float[] {1, 2, 3, 0}, arg);
    }

    @Test
    void routesGradientsToTheMaximumOnlyAndZeroesEverythingElse() {
        float[] in = {
            1, 5, 2, 0, 4,
            3, 4, 8, 1, 4,
            0, 0, 7, 7, 4,
            -1, 6, 7, 2, 4,
            4, 4, 4, 4, 4,
        };
        float[] out = new float[4];
        float[] arg = new float[4];
        MaxPool2x2.forward(in, 0, 5, 5, out, 0, arg, 0);
        float[] dIn = new float[25];
        java.util.Arrays.fill(dIn, Float.NaN); // backward overwrites the whole plane
        MaxPool2x2.backward(new float[] {10, 20, 30, 40}, 0, arg, 0, 5, 5, dIn, 0);
        float[] expected = new float[25];
        expected[1] = 10;  // 5 at (0,1)
        expected[7] = 20;  // 8 at (1,2)
        expected[16] = 30; // 6 at (3,1)
        expected[12] = 40; // first 7 at (2,2)
        assertArrayEquals(expected, dIn);
    }

    @Test
    void nanWinsItsWindowAsInPyTorch() {
        float[] in = {1, Float.NaN, 3, 2};
        float[] out = new float[1];
        float[] arg = new float[1];
        MaxPool2x2.forward(in, 0, 2, 2, out, 0, arg, 0);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(1f, arg[0]);
    }

    @Test
    void poolingWithoutArgmaxGivesTheSameOutputs() {
        float[] in = new float[6 * 4];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i * 7919 % 13) - 6;
        }
        float[] a = new float[6];
        float[] b = new float[6];
        MaxPool2x2.forward(in, 0, 6, 4, a, 0, new float[6], 0);
        MaxPool2x2.forward(in, 0, 6, 4, b, 0, null, 0);
        assertArrayEquals(a, b);
    }
}
