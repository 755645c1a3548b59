package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * GFLOPS of libtorch's {@code matmul} (MKL sgemm on x86) at one of the shapes {@code drtp bench} times, written
 * {@code MxNxK:TT}: a transposed operand is a transposed view, so MKL receives the transpose flag, not a
 * copy. The m x n result is allocated per call, as {@code torch.matmul} without {@code out=} does.
 */
final class GemmRate {

    private GemmRate() {
    }

    /** GFLOPS timed for about {@code seconds} (at least 3 calls), on the thread's CPU clock with {@code cpuClock}. */
    static double gflops(NDManager manager, String shape, double seconds, boolean cpuClock) {
        LongSupplier clock = cpuClock ? ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime : System::nanoTime;
        String[] parts = shape.split(":");
        String[] mnk = parts[0].split("x");
        if (parts.length != 2 || mnk.length != 3 || !parts[1].matches("[NT][NT]")) {
            throw new IllegalArgumentException("expected a shape MxNxK:TT (T or N each), got '" + shape + "'");
        }
        long m = Long.parseLong(mnk[0]), n = Long.parseLong(mnk[1]), k = Long.parseLong(mnk[2]);
        String t = parts[1];
        try (NDManager scratch = manager.newSubManager()) {
            NDArray a = t.charAt(0) == 'T' ? scratch.randomUniform(-0.5f, 0.5f, new Shape(k, m)).transpose()
                    : scratch.randomUniform(-0.5f, 0.5f, new Shape(m, k));
            NDArray b = t.charAt(1) == 'T' ? scratch.randomUniform(-0.5f, 0.5f, new Shape(n, k)).transpose()
                    : scratch.randomUniform(-0.5f, 0.5f, new Shape(k, n));
            long calls = 0;
            long t0 = clock.getAsLong(), end = t0 + (long) (seconds * 1e9), now;
            do {
                a.matMul(b).close();
                calls++;
                now = clock.getAsLong();
            } while (now < end || calls < 3);
            return 2.0 * m * n * k * calls / ((now - t0) / 1e9) / 1e9;
        }
    }
}
