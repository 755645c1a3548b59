package org.drtp.cli;

import java.util.Locale;
import org.drtp.nn.Network;
import org.drtp.nn.Topology;
import org.drtp.tensor.Shape;
import org.drtp.train.Evaluation;

/**
 * Memory estimates checked before allocating, so that a topology, window or micro-batch too large for the Java
 * heap is refused with the estimate and the heap size instead of ending in an OutOfMemoryError (or a negative
 * array size) after the data has been loaded. Estimates are upper-side approximations, not exact accounting.
 */
final class Memory {

    private Memory() {
    }

    /**
     * Bytes to train {@code topology} on inputs of {@code in} in batches of {@code batch}: per parameter its value,
     * gradient, up to two optimizer buffers, a feedback matrix of at most its size and one copy when saving (6
     * floats); per unit of every layer (input included) and example of the largest batch (training or
     * evaluation), its output, derivative and delta plus one buffer of slack (4 floats).
     */
    static long trainingBytes(Topology topology, Shape in, int batch) {
        long params = Network.parameterCount(topology, in);
        long units = 0;
        for (Shape s : Network.checkShapes(topology, in)) {
            units += s.size();
        }
        long examples = Math.max(batch, Evaluation.BATCH);
        try {
            return Math.multiplyExact(4L, Math.addExact(Math.multiplyExact(6L, params),
                    Math.multiplyExact(4L, Math.multiplyExact(examples, units))));
        } catch (ArithmeticException beyondLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Refuses with a usage error naming {@code what} when {@code bytes} cannot fit in what the heap has left. */
    static void require(String what, long bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            long suggest = Math.max(1, (long) Math.ceil(bytes * 1.5 / (1L << 30)));
            throw new Errors.UsageException(what + ": needs about " + size(bytes) + " of memory, more than the "
                    + size(free) + " the Java heap has free (maximum heap " + size(rt.maxMemory()) + "); use a smaller value,"
                    + " or give Java more memory, e.g. DRTP_JAVA_OPTS=-Xmx" + suggest + "g");
        }
    }

    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        double gb = bytes / (double) (1L << 30);
        return gb >= 1 ? String.format(Locale.ROOT, "%.1f GB", gb)
                : String.format(Locale.ROOT, "%.0f MB", Math.max(1, bytes / (double) (1L << 20)));
    }
}
