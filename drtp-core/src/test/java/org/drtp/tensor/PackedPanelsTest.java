package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * P packed into micro-panels ({@link Packing#packPanels}) and read by {@link MicroKernel#tilePacked}: the layout
 * against its index formula, and the packed and unit-stride kernels against the in-place one bit for bit (the blocked product
 * chooses between them by shape only, so they must agree exactly for results not to depend on that choice).
 */
class PackedPanelsTest {

    private static final int MR = MicroKernel.MR, NR = MicroKernel.NR;

    @Test
    void panelsFollowTheirIndexFormulaWithZeroPadding() {
        Random rnd = new Random(1);
        float[] p = new float[3 + 40 * 50];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat();
        }
        // {rows, kc, rs, ps}: rows contiguous along depth (NN, NT) and depth-strided rows (TN's dZ^T).
        int[][] cases = {{13, 7, 50, 1}, {12, 9, 1, 40}, {5, 3, 1, 40}, {7, 11, 60, 2}};
        for (int[] t : cases) {
            int rows = t[0], kc = t[1], rs = t[2], ps = t[3];
            int panels = (rows + MR - 1) / MR;
            float[] dst = new float[panels * kc * MR];
            java.util.Arrays.fill(dst, Float.NaN);
            Packing.packPanels(p, 3, rs, ps, rows, kc, dst);
            for (int i = 0; i < panels * MR; i++) {
                for (int l = 0; l < kc; l++) {
                    float expected = i < rows ? p[3 + i * rs + l * ps] : 0f;
                    assertEquals(expected, dst[(i / MR) * kc * MR + l * MR + i % MR], 0f,
                            "rows " + rows + " kc " + kc + " rs " + rs + " ps " + ps + ": P(" + i + ", " + l + ")");
                }
            }
        }
    }

    @Test
    void packedKernelGivesTheInPlaceKernelsBits() {
        Random rnd = new Random(2);
        int kc = 37, ld = kc + 3;
        float[] p = new float[MR * ld], q = new float[kc * NR];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = rnd.nextFloat() - 0.5f;
        }
        float[] panels = new float[MR * kc];
        Packing.packPanels(p, 0, ld, 1, MR, kc, panels);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c0 = new float[MR * NR], c1 = new float[MR * NR], t0 = new float[MR * NR], t1 = new float[MR * NR];
            for (int i = 0; i < c0.length; i++) {
                c0[i] = c1[i] = rnd.nextFloat();
            }
            MicroKernel.tile(kc, p, 0, ld, 1, MR, q, 0, c0, 0, NR, accumulate, null);
            MicroKernel.tilePacked(kc, panels, 0, q, 0, c1, 0, NR, accumulate, null);
            assertArrayEquals(c0, c1, 0f, "into C, accumulate " + accumulate);
            MicroKernel.tile(kc, p, 0, ld, 1, MR, q, 0, null, 0, NR, accumulate, t0);
            MicroKernel.tilePacked(kc, panels, 0, q, 0, null, 0, NR, accumulate, t1);
            assertArrayEquals(t0, t1, 0f, "into the scatter tile");
        }
    }

    /** The unit-stride in-place kernel is the strided one bit for bit, for full and short tiles. */
    @Test
    void unitStrideKernelGivesTheStridedKernelsBits() {
        Random rnd = new Random(3);
        int kc = 41, ld = kc + 5;
        float[] p = new float[MR * ld + 2], q = new float[kc * NR];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = rnd.nextFloat() - 0.5f;
        }
        for (int rows = 1; rows <= MR; rows++) {
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c0 = new float[MR * NR], c1 = new float[MR * NR], t0 = new float[MR * NR], t1 = new float[MR * NR];
                for (int i = 0; i < c0.length; i++) {
                    c0[i] = c1[i] = rnd.nextFloat();
                }
                MicroKernel.tile(kc, p, 2, ld, 1, rows, q, 0, c0, 0, NR, accumulate, null);
                MicroKernel.tileUnitStride(kc, p, 2, ld, rows, q, 0, c1, 0, NR, accumulate, null);
                assertArrayEquals(c0, c1, 0f, "into C, rows " + rows + ", accumulate " + accumulate);
                MicroKernel.tile(kc, p, 2, ld, 1, rows, q, 0, null, 0, NR, accumulate, t0);
                MicroKernel.tileUnitStride(kc, p, 2, ld, rows, q, 0, null, 0, NR, accumulate, t1);
                assertArrayEquals(t0, t1, 0f, "into the scatter tile, rows " + rows);
            }
        }
    }
}
