package org.drtp.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.drtp.random.Rng;
import org.drtp.tensor.Gemm;

/**
 * GFLOPS of the process's matrix multiply at the shapes of FC2-1000 training at batch 60 (forward NT, input
 * gradient NN, weight gradient TN). All shapes are warmed up, small and large together, before any is timed.
 */
final class GemmThroughput {

    /** M x N x K and transposes, as {@code MxNxK:TT}. */
    static final String[] SHAPES = {"60x1000x784:NT", "60x1000x1000:NT", "60x784x1000:NN", "60x1000x1000:NN",
        "1000x784x60:TN", "1000x1000x60:TN"};

    private GemmThroughput() {
    }

    static Map<String, Double> gflops(Gemm gemm, double secondsPerShape) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : SHAPES) {
            time(gemm, s, 0.2); // warm-up of every shape first
        }
        for (String s : SHAPES) {
            out.put(s, time(gemm, s, secondsPerShape));
        }
        return out;
    }

    private static double time(Gemm gemm, String shape, double seconds) {
        String[] mnk = shape.split(":")[0].split("x");
        int m = Integer.parseInt(mnk[0]), n = Integer.parseInt(mnk[1]), k = Integer.parseInt(mnk[2]);
        boolean ta = shape.endsWith(":TN") || shape.endsWith(":TT");
        boolean tb = shape.endsWith(":NT") || shape.endsWith(":TT");
        Rng r = new Rng(7);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        int lda = ta ? m : k, ldb = tb ? k : n;
        long calls = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            gemm.multiply(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return 2.0 * m * n * k * calls / ((now - t0) / 1e9) / 1e9;
    }
}
