package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedPacking}: the copy that one to eight threads pack chunk by chunk (eight: more runnable threads than the
 * cores of a small machine, so that waiting parts yield) follows, float for float, the index formulas through which
 * the blocked product reads it, with zero padding, and so is the same whatever threads took part.
 */
class SharedPackingTest {

    private static final int MR = MicroKernel.MR, NR = MicroKernel.NR;

    /** {k, extent}: several chunks per k block, three k blocks (k = 2100), a partial last sliver or tile. */
    private static final int[][] SHAPES = {{1000, 1000}, {2100, 70}, {784, 60}, {25, 47}, {300, 13}};

    @Test
    void qPackedInChunksByThreadsFollowsItsLayout() throws Exception {
        Random rnd = new Random(5);
        for (int[] s : SHAPES) {
            int k = s[0], n = s[1];
            for (boolean transposed : new boolean[] {false, true}) {
                int ld = (transposed ? k : n) + 3;
                float[] q = random(rnd, 2 + ld * (transposed ? n : k));
                for (int threads : new int[] {1, 2, 3, 8}) {
                    float[] packed = nanFilled((int) BlockedGemm.prepackedSize(k, n));
                    SharedPacking sharing = new SharedPacking();
                    sharing.setQ(k, n, q, 2, ld, transposed, packed);
                    packOn(threads, sharing);
                    assertLayout(NR, n, k, packed, (j, l) -> transposed ? q[2 + j * ld + l] : q[2 + l * ld + j],
                            "Q of " + k + "x" + n + (transposed ? " transposed, " : ", ") + threads + " threads");
                }
            }
        }
    }

    @Test
    void panelsPackedInChunksByThreadsFollowTheirLayout() throws Exception {
        Random rnd = new Random(6);
        for (int[] s : SHAPES) {
            int k = s[0], m = s[1];
            // Rows contiguous along the depth (BP's dZ in dZ W) and depth-strided rows.
            for (boolean strided : new boolean[] {false, true}) {
                int rs = strided ? 1 : k + 1, ps = strided ? m + 2 : 1;
                float[] p = random(rnd, 3 + (strided ? k * ps : m * rs));
                for (int threads : new int[] {1, 2, 3, 8}) {
                    float[] panels = nanFilled((int) BlockedGemm.prepackedPanelsSize(m, k));
                    SharedPacking sharing = new SharedPacking();
                    sharing.setPanels(m, k, p, 3, rs, ps, panels);
                    packOn(threads, sharing);
                    assertLayout(MR, m, k, panels, (i, l) -> p[3 + i * rs + l * ps],
                            "panels of " + m + "x" + k + (strided ? " strided, " : ", ") + threads + " threads");
                }
            }
        }
    }

    /** Element {@code (x, l)} of the operand: Q's column x or P's row x, at depth l. */
    private interface Operand {
        float at(int x, int l);
    }

    /**
     * Both layouts are one formula: the k block starting at {@code pc} holds its {@code kc} depths of every unit
     * ({@code NR} columns of Q or {@code MR} rows of P), element (x, l) at
     * {@code pc * padded + (x / unit) * kc * unit + (l - pc) * unit + x % unit}, zero past the extent.
     */
    private static void assertLayout(int unit, int extent, int k, float[] packed, Operand operand, String what) {
        int padded = (extent + unit - 1) / unit * unit;
        for (int kb = 0; kb < BlockedGemm.kBlocks(k); kb++) {
            int pc = BlockedGemm.blockStart(kb, k), kc = BlockedGemm.blockStart(kb + 1, k) - pc;
            for (int x = 0; x < padded; x++) {
                for (int l = pc; l < pc + kc; l++) {
                    float expected = x < extent ? operand.at(x, l) : 0f;
                    assertEquals(expected, packed[pc * padded + (x / unit) * kc * unit + (l - pc) * unit + x % unit], 0f,
                            "(" + x + ", " + l + ") of the " + what);
                }
            }
        }
    }

    /** Every thread packs and waits, as the parts of one product do, all started together. */
    private static void packOn(int threads, SharedPacking sharing) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    sharing.packAndAwait();
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join(60_000);
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    private static float[] nanFilled(int size) {
        float[] x = new float[size];
        java.util.Arrays.fill(x, Float.NaN);
        return x;
    }
}
