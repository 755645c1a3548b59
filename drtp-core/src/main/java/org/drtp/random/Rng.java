package org.drtp.random;

import java.util.Arrays;

/**
 * Deterministic pseudo-random generator (xoshiro256**, Blackman and Vigna 2018) with explicit state, so
 * that a run can be checkpointed and resumed bit for bit. Not thread-safe: give each component its own
 * stream with {@link #forComponent(long, int, RandomStream)}.
 */
public final class Rng {

    private long s0, s1, s2, s3;

    /** A generator whose 256-bit state is expanded from {@code seed} with SplitMix64. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private Rng(long[] state) {
        setState(state);
    }

    /**
     * The stream of one component of one trial of a run with master seed {@code seed}. Streams of different
     * components or trials are independent.
     */
    public static Rng forComponent(long seed, int trial, RandomStream stream) {
        return forKey(seed, trial, stream.key());
    }

    /** The stream named {@code key}: {@link RandomStream}'s keys are the only ones the library uses. */
    static Rng forKey(long seed, int trial, String key) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h + trial * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < key.length(); i++) {
            h = mix(h + key.charAt(i));
        }
        return new Rng(h);
    }

    /** Restores a generator from {@link #state()}. */
    public static Rng fromState(long[] state) {
        return new Rng(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A copy of the 4-word state. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    public void setState(long[] state) {
        if (state.length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Rng state must be 4 words, not all zero: " + Arrays.toString(state));
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [-bound, bound). */
    public float uniform(float bound) {
        return (2f * nextFloat() - 1f) * bound;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-shift with rejection.
        long m = ((nextLong() >>> 32) & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = ((nextLong() >>> 32) & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal (Box-Muller; one value per call so that the state alone determines the stream). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of the whole array. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

}
