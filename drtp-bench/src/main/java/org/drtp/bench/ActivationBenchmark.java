package org.drtp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.drtp.tensor.FastMath;
import org.drtp.tensor.VectorActivations;
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
 * In-place activations, scalar {@link FastMath} loop against {@link VectorActivations}. The
 * {@code apply:element} line is the cost per element in ns.
 *
 * <p>Each call first restores realistic pre-activations (normal, standard deviation 3: some saturated,
 * some near 0), because applying tanh to its own output drives every value below 1/16 within a few
 * hundred calls, where the scalar code takes a cheaper branch. The {@code copy} function measures that
 * restore alone (a few hundredths of a ns per element) so it can be subtracted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ActivationBenchmark {

    @Param({"tanh", "sigmoid", "exp", "copy"})
    public String function;

    @Param({"scalar", "vector"})
    public String impl;

    /** 60000 = batch 60 x 1000 units; 1000 = one example of a 1000-unit layer. */
    @Param({"60000", "1000"})
    public int size;

    private float[] source;
    private float[] work;
    private final VectorActivations vector = new VectorActivations();

    /** Elements processed, reported by JMH as time per element. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Elements {
        public long element;

        @Setup(Level.Iteration)
        public void reset() {
            element = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        source = new float[size];
        for (int i = 0; i < size; i++) {
            // Box-Muller: a normal value, standard deviation 3.
            double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
            source[i] = (float) (3 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        work = new float[size];
    }

    @Benchmark
    public float[] apply(Elements elements) {
        System.arraycopy(source, 0, work, 0, size);
        boolean scalar = impl.equals("scalar");
        switch (function) {
            case "tanh" -> {
                if (scalar) {
                    for (int i = 0; i < size; i++) {
                        work[i] = FastMath.tanh(work[i]);
                    }
                } else {
                    vector.tanh(work, 0, size);
                }
            }
            case "sigmoid" -> {
                if (scalar) {
                    for (int i = 0; i < size; i++) {
                        work[i] = FastMath.sigmoid(work[i]);
                    }
                } else {
                    vector.sigmoid(work, 0, size);
                }
            }
            case "exp" -> {
                if (scalar) {
                    for (int i = 0; i < size; i++) {
                        work[i] = FastMath.exp(work[i]);
                    }
                } else {
                    vector.exp(work, 0, size, 0f);
                }
            }
            default -> {
                // copy only
            }
        }
        elements.element += size;
        return work;
    }
}
