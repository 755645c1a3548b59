package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.random.Rng;
import org.junit.jupiter.api.Test;

class Im2colTest {

    private static final int[][] GEOMETRIES = {
        // channels, height, width, kernel, stride, padding
        {1, 5, 5, 3, 1, 0}, {2, 6, 7, 3, 1, 1}, {3, 7, 5, 5, 2, 2}, {1, 8, 8, 2, 2, 0}, {2, 5, 6, 3, 3, 2},
        {1, 4, 4, 1, 1, 0}, {2, 3, 3, 5, 1, 3}, {1, 9, 4, 4, 3, 1},
    };

    private static ConvGeometry geometry(int[] a) {
        return new ConvGeometry(a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    @Test
    void columnsHoldThePaddedPatchOfEveryOutputPixel() {
        Rng rng = new Rng(1);
        for (int[] a : GEOMETRIES) {
            ConvGeometry g = geometry(a);
            float[] x = random(g.inputSize(), rng);
            int ld = g.outPixels() + 3; // a wider row stride, as when a batch sits side by side
            float[] cols = new float[g.patchSize() * ld + 2];
            java.util.Arrays.fill(cols, Float.NaN);
            Im2col.im2col(g, x, 0, cols, 2, ld);
            int k = g.kernel();
            for (int c = 0; c < g.inChannels(); c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        int r = (c * k + i) * k + j;
                        for (int oh = 0; oh < g.outHeight(); oh++) {
                            for (int ow = 0; ow < g.outWidth(); ow++) {
                                int ih = oh * g.stride() + i - g.padding();
                                int iw = ow * g.stride() + j - g.padding();
                                boolean inside = ih >= 0 && ih < g.inHeight() && iw >= 0 && iw < g.inWidth();
                                float expected = inside ? x[(c * g.inHeight() + ih) * g.inWidth() + iw] : 0f;
                                assertEquals(expected, cols[2 + r * ld + oh * g.outWidth() + ow], 0f,
                                        () -> g + " row " + r);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Rng rng = new Rng(2);
        for (int[] a : GEOMETRIES) {
            ConvGeometry g = geometry(a);
            int p = g.outPixels();
            float[] x = random(g.inputSize(), rng);
            float[] c = random(g.patchSize() * p, rng);
            float[] cols = new float[c.length];
            Im2col.im2col(g, x, 0, cols, 0, p);
            float[] back = new float[g.inputSize() + 1];
            back[0] = 42f; // col2im must only write its example's range
            Im2col.col2im(g, c, 0, p, back, 1);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < c.length; i++) {
                lhs += (double) cols[i] * c[i];
            }
            for (int i = 0; i < x.length; i++) {
                rhs += (double) x[i] * back[i + 1];
            }
            assertEquals(lhs, rhs, 1e-4 * Math.max(1, Math.abs(lhs)), g::toString);
            assertEquals(42f, back[0]);
        }
    }

    @Test
    void geometryFollowsPyTorchFloorFormulaAndRejectsKernelsLargerThanThePaddedInput() {
        ConvGeometry g = new ConvGeometry(3, 32, 32, 5, 2, 1);
        assertEquals(15, g.outHeight()); // floor((32 + 2 - 5) / 2) + 1
        assertEquals(75, g.patchSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvGeometry(1, 4, 4, 7, 1, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 4, 4, 3, 0, 0));
    }

    static float[] random(int n, Rng rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.uniform(1f);
        }
        return a;
    }
}
