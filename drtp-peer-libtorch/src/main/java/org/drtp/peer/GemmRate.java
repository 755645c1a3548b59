package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GFLOPS of libtorch's {@code matmul} (MKL sgemm on x86) at the shapes {@code drtp bench} times, written
 * {@code MxNxK:TT}: a transposed operand is a transposed view, so MKL receives the transpose flag, not a
 * copy. The m x n result is allocated per call, as {@code torch.matmul} without {@code out=} does.
 */
final class GemmRate {

    private GemmRate() {
    }

    static Map<String, Double> gflops(NDManager manager, String[] shapes, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : shapes) {
            time(manager, s, 0.2);
        }
        for (String s : shapes) {
            out.put(s, time(manager, s, seconds));
        }
        return out;
    }

    private static double time(NDManager manager, String shape, double seconds) {
        String[] mnk = shape.split(":")[0].split("x");
        long m = Long.parseLong(mnk[0]), n = Long.parseLong(mnk[1]), k = Long.parseLong(mnk[2]);
        String t = shape.split(":")[1];
        try (NDManager scratch = manager.newSubManager()) {
            NDArray a = t.charAt(0) == 'T' ? scratch.randomUniform(-0.5f, 0.5f, new Shape(k, m)).transpose()
                    : scratch.randomUniform(-0.5f, 0.5f, new Shape(m, k));
            NDArray b = t.charAt(1) == 'T' ? scratch.randomUniform(-0.5f, 0.5f, new Shape(n, k)).transpose()
                    : scratch.randomUniform(-0.5f, 0.5f, new Shape(k, n));
            long calls = 0;
            long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9), now;
            do {
                a.matMul(b).close();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            return 2.0 * m * n * k * calls / ((now - t0) / 1e9) / 1e9;
        }
    }
}
