package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * GFLOPS of libtorch's {@code matmul} (MKL sgemm on x86) at the shapes {@code drtp bench} times, written
 * {@code MxNxK:TT}: a transposed operand is a transposed view, so MKL receives the transpose flag, not a
 * copy. The m x n result is allocated per call, as {@code torch.matmul} without {@code out=} does.
 */
final class GemmRate {

    private GemmRate() {
    }

    static Map<String, Double> gflops(NDManager manager, String[] shapes, double seconds, boolean cpuClock) {
        LongSupplier clock = cpuClock ? ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime : System::nanoTime;
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : shapes) {
            time(manager, s, 0.2, clock);
        }
        for (String s : shapes) {
            out.put(s, time(manager, s, seconds, clock));
        }
        return out;
    }

    private static double time(NDManager manager, String shape, double seconds, LongSupplier clock) {
        String[] mnk = shape.split(":")[0].split("x");
        long m = Long.parseLong(mnk[0]), n = Long.parseLong(mnk[1]), k = Long.parseLong(mnk[2]);
        String t = shape.split(":")[1];
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
