package org.drtp.cli.bench;

import org.drtp.random.Rng;
import org.drtp.tensor.Gemm;

/**
 * GFLOPS of the process's matrix multiply at the shapes of training: FC2-1000 at batch 60 (forward NT, input
 * gradient NN, weight gradient TN), the conv net's 6272x1000 layer, and batch-1 online learning of FC_500_FC_10.
 * The libtorch peer times the same list.
 */
final class GemmThroughput {

    /** M x N x K and transposes, as {@code MxNxK:TT}. */
    static final String[] SHAPES = {"60x1000x784:NT", "60x1000x1000:NT", "60x784x1000:NN", "60x1000x1000:NN",
        "1000x784x60:TN", "1000x1000x60:TN", "60x1000x6272:NT", "1000x6272x60:TN", "1x500x784:NT", "500x784x1:TN"};

    private GemmThroughput() {
    }

    /**
     * GFLOPS at {@code shape} ({@code MxNxK:TT}) timed for about {@code seconds}; with {@code cpuClock} on the calling
     * thread's CPU clock, which a busy neighbour does not advance (only meaningful when the kernel runs on the calling
     * thread alone, {@code drtp.threads=1}). The harness warms every shape, small and large together, before timing any.
     */
    static double gflops(Gemm gemm, String shape, double seconds, boolean cpuClock) {
        String[] mnk = shape.split(":")[0].split("x");
        double flops = 2.0 * Long.parseLong(mnk[0]) * Long.parseLong(mnk[1]) * Long.parseLong(mnk[2]);
        return flops / secondsPerCall(gemm, shape, seconds, cpuClock) / 1e9;
    }

    static double secondsPerCall(Gemm gemm, String shape, double seconds) {
        return secondsPerCall(gemm, shape, seconds, false);
    }

    /**
     * Seconds per call of one product, {@code MxNxK:TT} with a trailing {@code +} when it accumulates into C
     * (beta 1), or of a sum of {@code COUNT} NT products, {@code COUNT*MxNxK:NT} ({@link Gemm#sumOfProductsNT}, the conv
     * layer's weight gradient), operands densely stored, timed for about {@code seconds}.
     */
    static double secondsPerCall(Gemm gemm, String shape, double seconds, boolean cpuClock) {
        java.util.function.LongSupplier clock = cpuClock
                ? java.lang.management.ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime : System::nanoTime;
        boolean sum = shape.contains("*");
        String product = sum ? shape.substring(shape.indexOf('*') + 1) : shape;
        int terms = sum ? Integer.parseInt(shape.substring(0, shape.indexOf('*'))) : 1;
        String[] mnk = product.split(":")[0].split("x");
        int m = Integer.parseInt(mnk[0]), n = Integer.parseInt(mnk[1]), k = Integer.parseInt(mnk[2]);
        String t = product.split(":")[1];
        boolean ta = t.charAt(0) == 'T';
        boolean tb = t.charAt(1) == 'T';
        float beta = t.endsWith("+") ? 1f : 0f;
        Rng r = new Rng(7);
        float[] a = new float[terms * m * k];
        float[] b = new float[terms * k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        int lda = ta ? m : k, ldb = tb ? k : n;
        long calls = 0;
        long t0 = clock.getAsLong();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            if (sum) {
                gemm.sumOfProductsNT(terms, m, n, k, a, 0, m * k, lda, b, 0, n * k, ldb, beta, c, 0, n);
            } else {
                gemm.multiply(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, beta, c, 0, n);
            }
            calls++;
            now = clock.getAsLong();
        } while (now < end || calls < 3);
        return (now - t0) / 1e9 / calls;
    }
}
