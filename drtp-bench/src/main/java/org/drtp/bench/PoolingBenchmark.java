package org.drtp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.drtp.tensor.MaxPool2x2;
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
 * 2x2 max-pooling as a conv block runs it ({@link MaxPool2x2}, one thread): forward, and backward (the routing BP and
 * FA run), over a batch of 60 x 32 square planes. The {@code pool:input} line is the cost per input value in ns. Widths
 * 28 (the Fashion-MNIST conv net: 14 windows a row, fewer than a 512-bit vector's 16, so the short-row loops) and 32 (a
 * whole vector of windows). Run once more with {@code -jvmArgsAppend -Ddrtp.kernels=plain} for the scalar loops.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolingBenchmark {

    private static final int PLANES = 60 * 32;

    @Param({"28", "32"})
    public int width;

    @Param({"forward", "backward"})
    public String direction;

    private float[] maps;
    private float[] pooled;
    private float[] gradient;

    /** Input values pooled, reported by JMH as time per input. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Inputs {
        public long input;

        @Setup(Level.Iteration)
        public void reset() {
            input = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        maps = new float[PLANES * width * width];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = (float) rnd.nextDouble(-1, 1);
        }
        pooled = new float[PLANES * (width / 2) * (width / 2)];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) rnd.nextDouble(-1, 1);
        }
        gradient = new float[maps.length];
    }

    @Benchmark
    public float[] pool(Inputs inputs) {
        int pixels = width * width, outs = (width / 2) * (width / 2);
        boolean forward = direction.equals("forward");
        for (int m = 0; m < PLANES; m++) {
            if (forward) {
                MaxPool2x2.forward(maps, m * pixels, width, width, pooled, m * outs);
            } else {
                MaxPool2x2.backward(maps, m * pixels, width, width, pooled, m * outs, gradient, m * pixels);
            }
        }
        inputs.input += (long) PLANES * pixels;
        return forward ? pooled : gradient;
    }
}
