package org.drtp.bench;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Matrix products at the paper's training shapes, plain Java against the Vector API kernel on one and
 * two threads. The {@code multiply:gflop} line is the rate in GFLOP/s (JMH labels it ops/s): one
 * multiply-add counts as two flops.
 *
 * <p>Each fork first runs <em>every</em> shape of the list, smallest first, through the same kernel, so
 * the JIT has seen tiny and large matrices before the measured one ({@code docs/performance.md}, JIT: a big
 * kernel once collapsed on Java 17 when the JIT first saw tiny matrices).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /** {@code MxNxK:TT}: see {@link Product}. FC layers 784-1000-1000-10 at batch 60, 784-500-10 at batch 1, 3072-1000 at batch 100. */
    @Param({
        "60x1000x784:NT",   // forward X W^T, 784 -> 1000
        "60x1000x1000:NT",  // forward, 1000 -> 1000
        "60x10x1000:NT",    // forward, 1000 -> 10 (output layer)
        "60x784x1000:NN",   // input gradient dZ W (BP, FA)
        "1000x784x60:TN",   // weight gradient dZ^T X
        "1x500x784:NT",     // online learning (batch 1): forward
        "1x784x500:NN",     // online: input gradient
        "500x784x1:TN",     // online: weight gradient (outer product)
        "100x1000x3072:NT", // CIFAR-10 input to FC 1000 at batch 100
    })
    public String shape;

    @Param({"plain", "vector1", "vector2"})
    public String kernel;

    private Gemm gemm;
    private Product product;
    private double gflop;

    /** Flops done, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        gemm = Kernel.named(kernel);
        product = Product.parse(shape);
        gflop = product.gflop();
        warmUpOnAllShapes(gemm);
    }

    @Benchmark
    public float[] multiply(Flops flops) {
        product.run(gemm);
        flops.gflop += gflop;
        return product.c;
    }

    /** Every declared shape, smallest first, each repeated up to ~2e7 multiply-adds (plain kernel: ~0.1 s). */
    static void warmUpOnAllShapes(Gemm gemm) throws NoSuchFieldException {
        String[] shapes = GemmBenchmark.class.getField("shape").getAnnotation(Param.class).value();
        List<Product> all = Stream.of(shapes).map(Product::parse)
                .sorted(Comparator.comparingDouble(Product::gflop)).toList();
        for (Product p : all) {
            long reps = Math.max(1, Math.round(0.04 / p.gflop()));
            for (long r = 0; r < reps; r++) {
                p.run(gemm);
            }
        }
    }
}
