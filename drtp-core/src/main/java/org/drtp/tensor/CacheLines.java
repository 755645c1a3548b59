package org.drtp.tensor;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Where the elements of a {@code float[]} fall on 64-byte cache lines, when the JVM makes that the same for every
 * array: started with {@code -XX:ObjectAlignmentInBytes=64} (the {@code ./drtp} launcher does), every object starts on
 * a line and a float array's elements after its 16-byte header, so element {@code i} starts a line when
 * {@code i % 16 == 12}. With the default 8-byte alignment it differs from array to array, and nothing is assumed.
 *
 * <p>Why: with 512-bit vectors every load or store of an unaligned vector touches two lines. The element-wise loops
 * that stream large arrays (Adam's weights and moments, the batch-1 weight update) start their vectors on a line
 * when they can, after a scalar head: measured on Zen 5 (AVX-512), Adam over 4 MB arrays took 0.17-0.19 ns per
 * weight aligned against 0.30 unaligned (docs/performance.md). An element-wise loop computes each element alone, so
 * where its vectors start never changes a result.
 */
final class CacheLines {

    /** Floats per 64-byte line. */
    static final int FLOATS = 16;
    /** Header of a float array with compressed class pointers (HotSpot's default on 64-bit): mark, class, length. */
    private static final int ARRAY_HEADER_BYTES = 16;
    /** {@code i % FLOATS} of the elements that start a line in every float array, or -1 when it is not the same. */
    static final int FIRST = detect(ManagementFactory.getRuntimeMXBean().getInputArguments());

    private CacheLines() {
    }

    /**
     * The first index in {@code [from, to]} at which a vector loop over {@code [from, to)} starts on a cache line
     * ({@code from} when that is not known); the elements before it are for a scalar head.
     */
    static int vectorStart(int from, int to) {
        return vectorStart(from, to, FIRST);
    }

    static int vectorStart(int from, int to, int first) {
        if (first < 0) {
            return from;
        }
        return Math.min(to, from + Math.floorMod(first - from, FLOATS));
    }

    /** From the JVM's options: the last {@code -XX:ObjectAlignmentInBytes} wins, as in HotSpot. */
    static int detect(List<String> jvmOptions) {
        int alignment = 8;
        boolean compressedClassPointers = true;
        for (String option : jvmOptions) {
            if (option.startsWith("-XX:ObjectAlignmentInBytes=")) {
                try {
                    alignment = Integer.parseInt(option.substring("-XX:ObjectAlignmentInBytes=".length()).trim());
                } catch (NumberFormatException e) {
                    alignment = 8; // the JVM itself refuses to start with a malformed value
                }
            } else if (option.equals("-XX:-UseCompressedClassPointers")) {
                compressedClassPointers = false;
            } else if (option.equals("-XX:+UseCompressedClassPointers")) {
                compressedClassPointers = true;
            }
        }
        if (alignment < 64 || !compressedClassPointers) {
            return -1;
        }
        return (64 - ARRAY_HEADER_BYTES) / Float.BYTES;
    }
}
