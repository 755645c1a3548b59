package org.drtp.bench;

import java.util.concurrent.TimeUnit;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Gemm;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernel work of one training step, all shapes interleaved as in training: the products and the
 * activations (tanh hidden units, sigmoid outputs), without loss, optimizer or data handling. The
 * {@code step:sample} line is the time per training example.
 *
 * <ul>
 *   <li>{@code drtp60}: DRTP on FC2-1000 (784-1000-1000-10), batch 60: three forward products, the two
 *       hidden signals {@code y* B_k}, three weight gradients.</li>
 *   <li>{@code bp60}: BP on the same network: forward, then weight and input gradients layer by layer.</li>
 *   <li>{@code online1}: DRTP on 784-500-10 at batch 1 (online learning).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainingStepBenchmark {

    @Param({"drtp60", "bp60", "online1"})
    public String step;

    @Param({"plain", "vector1", "vector2"})
    public String kernel;

    private Gemm gemm;
    private Product[] products;
    /** Per product: the activation applied to its output afterwards (null: none). */
    private Activation[] activations;
    private int batch;

    /** Examples processed, reported by JMH as time per example. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long sample;

        @Setup(Level.Iteration)
        public void reset() {
            sample = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        gemm = Kernel.named(kernel);
        Activation t = Activation.TANH, s = Activation.SIGMOID;
        switch (step) {
            case "drtp60" -> {
                batch = 60;
                set(new String[] {"60x1000x784:NT", "60x1000x1000:NT", "60x10x1000:NT", // forward
                                  "60x1000x10:NN", "60x1000x10:NN",                      // y* B_1, y* B_2
                                  "10x1000x60:TN", "1000x1000x60:TN", "1000x784x60:TN"},  // dW3, dW2, dW1
                    new Activation[] {t, t, s, null, null, null, null, null});
            }
            case "bp60" -> {
                batch = 60;
                set(new String[] {"60x1000x784:NT", "60x1000x1000:NT", "60x10x1000:NT",
                                  "10x1000x60:TN", "60x1000x10:NN",                       // dW3, dY2 = dZ3 W3
                                  "1000x1000x60:TN", "60x1000x1000:NN",                   // dW2, dY1 = dZ2 W2
                                  "1000x784x60:TN"},                                      // dW1
                    new Activation[] {t, t, s, null, null, null, null, null});
            }
            case "online1" -> {
                batch = 1;
                set(new String[] {"1x500x784:NT", "1x10x500:NT", "1x500x10:NN", "10x500x1:TN", "500x784x1:TN"},
                    new Activation[] {t, s, null, null, null});
            }
            default -> throw new IllegalArgumentException("step " + step);
        }
    }

    private void set(String[] shapes, Activation[] acts) {
        products = new Product[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            products[i] = Product.parse(shapes[i]);
        }
        activations = acts;
    }

    @Benchmark
    public Product[] step(Samples samples) {
        for (int i = 0; i < products.length; i++) {
            Product p = products[i];
            p.run(gemm);
            if (activations[i] != null) {
                activations[i].apply(p.c, 0, p.c.length);
            }
        }
        samples.sample += batch;
        return products;
    }
}
