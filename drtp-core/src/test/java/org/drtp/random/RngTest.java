package org.drtp.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RngTest {

    private static long[] draw(Rng r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextLong();
        }
        return v;
    }

    @Test
    void seedZeroGivesTheSplitMix64StateAndXoshiro256StarStarOutputs() {
        // Known answers from an independent implementation of SplitMix64 (seed 0) and of the published
        // xoshiro256** reference code (Blackman and Vigna).
        Rng r = new Rng(0);
        assertArrayEquals(new long[] {0xe220a8397b1dcdafL, 0x6e789e6aa1b965f4L, 0x06c45d188009454fL, 0xf88bb8a8724c81ecL},
                r.state());
        assertArrayEquals(new long[] {0x99ec5f36cb75f2b4L, 0xbf6e1f784956452aL, 0x1a5f849d4933e6e0L}, draw(r, 3));
    }

    @Test
    void sameSeedGivesTheSameStream() {
        assertArrayEquals(draw(new Rng(123), 100), draw(new Rng(123), 100));
        assertFalse(Arrays.equals(draw(new Rng(123), 100), draw(new Rng(124), 100)));
    }

    @Test
    void savedStateRestoresTheStreamBitForBit() {
        Rng r = new Rng(99);
        draw(r, 17);
        r.nextGaussian();
        r.nextInt(7);
        long[] saved = r.state();
        long[] expected = draw(r, 50);
        double g = r.nextGaussian();
        float f = r.nextFloat();

        Rng restored = Rng.fromState(saved);
        assertArrayEquals(expected, draw(restored, 50));
        assertEquals(g, restored.nextGaussian());
        assertEquals(f, restored.nextFloat());

        Rng other = new Rng(1);
        other.setState(saved);
        assertArrayEquals(expected, draw(other, 50));
    }

    @Test
    void stateIsACopy() {
        Rng r = new Rng(5);
        long[] s = r.state();
        long[] expected = draw(Rng.fromState(s.clone()), 5);
        s[0] ^= 1;
        assertArrayEquals(expected, draw(r, 5));
    }

    @Test
    void invalidStatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[4]));
        assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new Rng(1).setState(new long[] {1, 2, 3, 4, 5}));
    }

    @Test
    void componentsAndTrialsHaveDistinctReproducibleStreams() {
        Set<Long> firsts = new HashSet<>();
        for (int trial = 0; trial < 5; trial++) {
            for (RandomStream c : RandomStream.values()) {
                long[] a = draw(Rng.forComponent(42, trial, c), 4);
                assertArrayEquals(a, draw(Rng.forComponent(42, trial, c), 4), c + " trial " + trial);
                assertTrue(firsts.add(a[0]), "stream " + c + " trial " + trial + " repeats another");
            }
        }
        assertFalse(Arrays.equals(draw(Rng.forComponent(42, 0, RandomStream.INIT), 4), draw(Rng.forComponent(43, 0, RandomStream.INIT), 4)));
        // Anagram component names must not collide.
        assertFalse(Arrays.equals(draw(Rng.forKey(42, 0, "ab"), 4), draw(Rng.forKey(42, 0, "ba"), 4)));
    }

    @Test
    void namedStreamsDrawWhatTheStringKeyedStreamsDrewBefore() {
        // First draws of trial 1, seed 42, recorded with the string-keyed Rng.forComponent the enum replaced:
        // every run, checkpoint and result file depends on these streams staying bit-identical.
        long[] expected = {8426945170874515568L, -5926469507151549087L, -3574244833099444972L, 6344668061192448955L,
            -3131288676527314201L, 2413518413692916045L, -7694840377687449095L, 1532619361800471492L,
            7864021072010266279L};
        RandomStream[] streams = RandomStream.values();
        assertEquals(expected.length, streams.length);
        for (int i = 0; i < streams.length; i++) {
            assertEquals(expected[i], Rng.forComponent(42, 1, streams[i]).nextLong(), streams[i].key());
        }
    }

    @Test
    void componentStreamsAreUncorrelated() {
        Rng a = Rng.forComponent(7, 0, RandomStream.INIT);
        Rng b = Rng.forComponent(7, 1, RandomStream.INIT);
        int n = 20_000;
        double sab = 0, sa = 0, sb = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double x = a.nextDouble(), y = b.nextDouble();
            sab += x * y;
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
        }
        double cov = sab / n - (sa / n) * (sb / n);
        double corr = cov / Math.sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
        assertTrue(Math.abs(corr) < 0.03, "correlation " + corr); // ~4 standard errors
    }

    @Test
    void nextIntStaysInRangeAndIsRoughlyUniform() {
        Rng r = new Rng(2024);
        int k = 10;
        int n = 100_000;
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(k);
            assertTrue(v >= 0 && v < k, "out of range: " + v);
            counts[v]++;
        }
        double expected = (double) n / k;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 40) < 1e-5. The seed is fixed, so this cannot flake.
        assertTrue(chi2 < 40, "chi-square " + chi2 + " for " + Arrays.toString(counts));
    }

    @Test
    void nextIntOfAHugeBoundIsUnbiasedAcrossItsRange() {
        // bound = 3 * 2^29: a modulo reduction of 32 random bits would make the lower third twice as likely.
        int bound = 3 << 29;
        Rng r = new Rng(77);
        int n = 60_000;
        int[] thirds = new int[3];
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(bound);
            assertTrue(v >= 0 && v < bound, "out of range: " + v);
            thirds[v / (1 << 29)]++;
        }
        for (int t : thirds) {
            assertEquals(n / 3.0, t, 600, Arrays.toString(thirds)); // ~5 standard errors
        }
    }

    @Test
    void nextIntOfOneIsZeroAndNonPositiveBoundsAreRejected() {
        Rng r = new Rng(3);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, r.nextInt(1));
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(-5));
    }

    @Test
    void nextFloatAndNextDoubleLieInZeroOneWithMeanOneHalf() {
        Rng r = new Rng(11);
        int n = 100_000;
        double sum = 0, min = 1, max = 0;
        for (int i = 0; i < n; i++) {
            float f = r.nextFloat();
            double d = r.nextDouble();
            assertTrue(f >= 0f && f < 1f, "nextFloat " + f);
            assertTrue(d >= 0.0 && d < 1.0, "nextDouble " + d);
            sum += f;
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertEquals(0.5, sum / n, 0.005);
        assertTrue(min < 1e-3 && max > 1 - 1e-3, min + " " + max);
    }

    @Test
    void uniformLiesInMinusBoundToBound() {
        Rng r = new Rng(12);
        double sum = 0;
        boolean negative = false, positive = false;
        for (int i = 0; i < 10_000; i++) {
            float u = r.uniform(0.25f);
            assertTrue(u >= -0.25f && u < 0.25f, "uniform " + u);
            negative |= u < -0.24f;
            positive |= u > 0.24f;
            sum += u;
        }
        assertTrue(negative && positive);
        assertEquals(0, sum / 10_000, 0.01);
    }

    @Test
    void shuffleIsAPermutationAndMovesElements() {
        Rng r = new Rng(8);
        int n = 1000;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        r.shuffle(a);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        int fixed = 0;
        for (int i = 0; i < n; i++) {
            fixed += a[i] == i ? 1 : 0;
        }
        assertTrue(fixed < 10, fixed + " fixed points"); // a random permutation has ~1
        int[] again = new int[n];
        for (int i = 0; i < n; i++) {
            again[i] = i;
        }
        r.shuffle(again);
        assertFalse(Arrays.equals(a, again), "two shuffles gave the same order");
    }

    @Test
    void shuffleOfThreeElementsReachesAllSixOrdersEvenly() {
        Rng r = new Rng(31);
        int[] counts = new int[6];
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            int[] a = {0, 1, 2};
            r.shuffle(a);
            int code = a[0] * 3 + a[1]; // the first two determine the order
            counts[switch (code) {
                case 1 -> 0; // 0,1,2
                case 2 -> 1; // 0,2,1
                case 3 -> 2; // 1,0,2
                case 5 -> 3; // 1,2,0
                case 6 -> 4; // 2,0,1
                case 7 -> 5; // 2,1,0
                default -> throw new AssertionError("not a permutation: " + Arrays.toString(a));
            }]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - n / 6.0) * (c - n / 6.0) / (n / 6.0);
        }
        assertTrue(chi2 < 30, "chi-square " + chi2 + " for " + Arrays.toString(counts)); // 5 dof
    }

    @Test
    void gaussianHasMeanZeroAndVarianceOne() {
        Rng r = new Rng(4242);
        int n = 200_000;
        double sum = 0, sumSq = 0, sum4 = 0;
        int beyond2 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            assertTrue(Double.isFinite(g));
            sum += g;
            sumSq += g * g;
            sum4 += g * g * g * g;
            beyond2 += Math.abs(g) > 2 ? 1 : 0;
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(0, mean, 0.01);
        assertEquals(1, var, 0.02);
        assertEquals(3, sum4 / n, 0.1); // kurtosis of a normal
        assertEquals(0.0455, (double) beyond2 / n, 0.003); // P(|Z| > 2)
    }

    @Test
    void differentSeedsDoNotShareTheirFirstValues() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 1000; seed++) {
            assertTrue(seen.add(new Rng(seed).nextLong()), "seed " + seed);
        }
        assertNotEquals(new Rng(0).nextLong(), new Rng(-1).nextLong());
    }
}
