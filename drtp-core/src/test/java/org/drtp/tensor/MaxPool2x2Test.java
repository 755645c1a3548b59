package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaxPool2x2Test {

    private static final float[] PLANE = {
        1, 5, 2, 0, 9,
        3, 4, 8, 1, 9,
        0, 0, 7, 7, 9,
        -1, 6, 7, 2, 9,
        9, 9, 9, 9, 9,
    };

    @Test
    void poolsEachWindowToItsMaximumAndDropsAnOddLastRowAndColumn() {
        float[] out = new float[4];
        MaxPool2x2.forward(PLANE, 0, 5, 5, out, 0);
        assertArrayEquals(new float[] {5, 8, 6, 7}, out);
    }

    @Test
    void routesGradientsToTheFirstMaximumOnlyAndZeroesEverythingElse() {
        float[] dIn = new float[25];
        Arrays.fill(dIn, Float.NaN); // backward overwrites the whole plane, dropped row and column included
        MaxPool2x2.backward(PLANE, 0, 5, 5, new float[] {10, 20, 30, 40}, 0, dIn, 0);
        float[] expected = new float[25];
        expected[1] = 10;  // 5 at (0,1)
        expected[7] = 20;  // 8 at (1,2)
        expected[16] = 30; // 6 at (3,1)
        expected[12] = 40; // 7 at (2,2), (2,3) and (3,2): the first in row-major order, as PyTorch
        assertArrayEquals(expected, dIn);
    }

    @Test
    void everyTiePatternRoutesToItsFirstMaximumAndInfiniteGradientsStayPut() {
        for (int mask = 1; mask < 16; mask++) {
            float[] window = new float[4];
            int first = -1;
            for (int p = 0; p < 4; p++) {
                boolean isMax = (mask >> p & 1) != 0;
                window[p] = isMax ? 3f : p - 5f;
                if (isMax && first < 0) {
                    first = p;
                }
            }
            float[] dIn = new float[4];
            MaxPool2x2.backward(window, 0, 2, 2, new float[] {Float.POSITIVE_INFINITY}, 0, dIn, 0);
            for (int p = 0; p < 4; p++) {
                assertEquals(p == first ? Float.POSITIVE_INFINITY : 0f, dIn[p], "mask " + mask + " position " + p);
            }
        }
    }

    @Test
    void aNanWinsItsWindowAndTakesTheGradientAsInPyTorch() {
        float[] in = {1, Float.NaN, 3, 2};
        float[] out = new float[1];
        MaxPool2x2.forward(in, 0, 2, 2, out, 0);
        assertTrue(Float.isNaN(out[0]));
        float[] dIn = new float[4];
        MaxPool2x2.backward(in, 0, 2, 2, new float[] {5f}, 0, dIn, 0);
        assertArrayEquals(new float[] {0, 5, 0, 0}, dIn);
    }

    @Test
    void worksOnPlanesAtOffsets() {
        float[] in = new float[3 + 16];
        for (int i = 0; i < 16; i++) {
            in[3 + i] = (i * 7) % 16;
        }
        float[] out = new float[2 + 4];
        MaxPool2x2.forward(in, 3, 4, 4, out, 2);
        float[] direct = new float[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int d = 0; d < 4; d++) {
                    m = Math.max(m, in[3 + (2 * i + d / 2) * 4 + 2 * j + d % 2]);
                }
                direct[i * 2 + j] = m;
            }
        }
        assertArrayEquals(direct, Arrays.copyOfRange(out, 2, 6));
    }
}
