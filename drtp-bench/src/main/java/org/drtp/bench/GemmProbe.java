package org.drtp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.VectorGemm;

/**
 * A/B evidence for kernel changes on a shared machine (docs/performance.md, "Measuring on a shared machine"), no
 * JMH: {@code rates} prints single-thread GFLOPS per shape on the thread's CPU clock (run two builds in alternating
 * processes), {@code hashes} prints a hash of the raw bits of each product's output at 1 and 2 threads (two builds
 * that print the same lines compute the same bits, the check that a change kept every summation order).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp drtp-bench/target/benchmarks.jar org.drtp.bench.GemmProbe
 *     rates|hashes [seconds per shape] [MxNxK:TT,...]</pre>
 * A {@code +} after the transposes accumulates into C (beta 1).
 */
public final class GemmProbe {

    /** The bench's training shapes, the conv net's products, and odd shapes that reach edge tiles and paths. */
    static final String[] SHAPES = {"60x1000x784:NT", "60x1000x1000:NT", "60x784x1000:NN", "60x1000x1000:NN",
        "1000x784x60:TN", "1000x1000x60:TN", "60x1000x6272:NT", "1000x6272x60:TN", "1x500x784:NT", "500x784x1:TN",
        "1000x784x60:TN+", "60x6272x1000:NN", "32x47040x25:NN", "6x17x9:TN", "13x40x1030:NN", "37x29x2100:NT",
        "25x30x7:TT"};

    private GemmProbe() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || !(args[0].equals("rates") || args[0].equals("hashes"))) {
            System.err.println("usage: GemmProbe rates|hashes [seconds per shape] [MxNxK:TT,...]");
            System.exit(2);
        }
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        String[] shapes = args.length > 2 ? args[2].split(",") : SHAPES;
        if (args[0].equals("hashes")) {
            for (int threads : new int[] {1, 2}) {
                StringBuilder line = new StringBuilder("threads " + threads + ":");
                for (String s : shapes) {
                    Product p = new Product(s);
                    p.run(new VectorGemm(threads));
                    int h = 1;
                    for (float f : p.c) {
                        h = 31 * h + Float.floatToRawIntBits(f);
                    }
                    line.append(' ').append(s).append('=').append(Integer.toHexString(h));
                }
                System.out.println(line);
            }
            return;
        }
        Gemm gemm = new VectorGemm(1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String s : shapes) {
            rate(gemm, new Product(s), 0.3, mx); // every shape through the JIT before any is timed
        }
        StringBuilder out = new StringBuilder();
        for (String s : shapes) {
            out.append(String.format(Locale.ROOT, "%s %.1f%n", s, rate(gemm, new Product(s), seconds, mx)));
        }
        System.out.print(out);
    }

    private static double rate(Gemm gemm, Product p, double seconds, ThreadMXBean mx) {
        long calls = 0, t0 = mx.getCurrentThreadCpuTime(), end = t0 + (long) (seconds * 1e9), now;
        do {
            p.run(gemm);
            calls++;
            now = mx.getCurrentThreadCpuTime();
        } while (now < end || calls < 3);
        return 2.0 * p.m * p.n * p.k * calls / ((now - t0) / 1e9) / 1e9;
    }

    /** Operands of one shape, dense, filled from a fixed seed so that every build sees the same numbers. */
    private static final class Product {
        final int m, n, k;
        final boolean transA, transB;
        final float beta;
        final float[] a, b, c;

        Product(String shape) {
            String[] mnk = shape.split(":")[0].split("x");
            String t = shape.split(":")[1];
            m = Integer.parseInt(mnk[0]);
            n = Integer.parseInt(mnk[1]);
            k = Integer.parseInt(mnk[2]);
            transA = t.charAt(0) == 'T';
            transB = t.charAt(1) == 'T';
            beta = t.endsWith("+") ? 1f : 0f;
            Random r = new Random(7);
            a = fill(r, m * k);
            b = fill(r, k * n);
            c = fill(r, m * n);
        }

        void run(Gemm g) {
            g.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
        }

        private static float[] fill(Random r, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = r.nextFloat() - 0.5f;
            }
            return x;
        }
    }
}
