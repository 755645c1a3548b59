package org.drtp.tensor;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * Chooses the compute kernels for the process: the matrix multiply ({@link #gemm()}), the array
 * versions of exp, tanh and sigmoid used by {@link FastMath} and {@link Activation}, the optimizers' update loops and
 * the max-pooling loops of {@link MaxPool2x2}.
 *
 * <p>System property {@code drtp.kernels}:
 * <ul>
 *   <li>{@code auto} (default): the Vector API kernels ({@link VectorGemm}, {@code VectorActivations})
 *       when the JVM runs with {@code --add-modules jdk.incubator.vector} (and has SIMD vectors of at
 *       least 128 bits), else the plain-Java ones;</li>
 *   <li>{@code plain}: always {@link PlainGemm} and the scalar {@link FastMath} loops;</li>
 *   <li>{@code vector}: the Vector API kernels, or a clear error when the module is missing.</li>
 * </ul>
 * System property {@code drtp.threads}: most threads one product uses (default: available processors).
 *
 * <p>Why reflection: on Java 17 the Vector API is an incubator module that a JVM only resolves when asked
 * to ({@code --add-modules}; a JAR manifest cannot ask). The vector classes are therefore named only as
 * strings here and loaded after checking the boot layer, so that a JVM without the module never links
 * them and falls back to the plain path; {@link #description()} says once how to enable the fast one.
 */
public final class Kernels {

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String ENABLE_HINT = "run java with --add-modules " + VECTOR_MODULE;
    private static final String VECTOR_GEMM = "org.drtp.tensor.VectorGemm";
    /** Below 128-bit vectors (no SIMD, or -XX:MaxVectorSize=8) the Vector API is not compiled to SIMD. */
    private static final int MIN_VECTOR_BITS = 128;
    private static final String VECTOR_ACTIVATIONS = "org.drtp.tensor.VectorActivations";
    private static final String VECTOR_UPDATES = "org.drtp.tensor.VectorUpdateKernels";
    private static final String VECTOR_POOLING = "org.drtp.tensor.VectorPooling";
    private static volatile UpdateKernels updates;

    private static volatile Gemm gemm;
    /** Why the plain gemm was chosen, for {@link #description()}. */
    private static volatile String plainReason = "drtp.kernels=plain";

    private Kernels() {
    }

    /** The process-wide default {@link Gemm}, chosen on first use from {@code drtp.kernels}. */
    public static Gemm gemm() {
        Gemm g = gemm;
        if (g == null) {
            synchronized (Kernels.class) {
                g = gemm;
                if (g == null) {
                    g = select(System.getProperty("drtp.kernels", "auto"));
                    gemm = g;
                }
            }
        }
        return g;
    }

    /** Overrides the default (tests and benchmarks). */
    public static void setGemm(Gemm g) {
        gemm = g;
    }

    /**
     * One line for logs and the CLI saying which kernels run, e.g. {@code vector (2 threads, 512-bit)} or
     * {@code plain (jdk.incubator.vector not enabled: run java with --add-modules jdk.incubator.vector)}.
     */
    public static String description() {
        Gemm g = gemm();
        if (g instanceof PlainGemm) {
            return "plain (" + plainReason + ")";
        }
        return g.toString();
    }

    /** Whether the JVM resolved {@code jdk.incubator.vector} (started with {@code --add-modules}). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Threads per product: system property {@code drtp.threads}, default the available processors. */
    public static int threads() {
        String s = System.getProperty("drtp.threads");
        if (s == null || s.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(s.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new InvalidSettingException("system property drtp.threads='" + s + "': expected a whole number >= 1");
    }

    static Gemm select(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "plain" -> {
                plainReason = "drtp.kernels=plain";
                return new PlainGemm();
            }
            case "vector" -> {
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("drtp.kernels=vector but the Vector API module "
                            + VECTOR_MODULE + " is not enabled: " + ENABLE_HINT + " (or use drtp.kernels=auto)");
                }
                try {
                    return loadVectorGemm();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("drtp.kernels=vector but the vector kernels failed to load: " + e, e);
                }
            }
            case "auto" -> {
                if (!vectorModulePresent()) {
                    plainReason = VECTOR_MODULE + " not enabled: " + ENABLE_HINT;
                    return new PlainGemm();
                }
                try {
                    int bits = vectorBits();
                    if (bits >= MIN_VECTOR_BITS) {
                        return loadVectorGemm();
                    }
                    plainReason = "the JVM's preferred vectors are " + bits + "-bit, too narrow to pay";
                } catch (ReflectiveOperationException | LinkageError e) {
                    plainReason = "vector kernels failed to load: " + e;
                }
                return new PlainGemm();
            }
            default -> throw new InvalidSettingException(
                    "system property drtp.kernels='" + choice + "': expected auto, plain or vector");
        }
    }

    private static Gemm loadVectorGemm() throws ReflectiveOperationException {
        return (Gemm) Class.forName(VECTOR_GEMM).getConstructor(int.class).newInstance(threads());
    }

    /** {@code VectorGemm.vectorBits()}; only call with the module present. */
    private static int vectorBits() throws ReflectiveOperationException {
        return (Integer) Class.forName(VECTOR_GEMM).getMethod("vectorBits").invoke(null);
    }

    /** The optimizers' update loops: Vector API when the activations are vector, else scalar. */
    static UpdateKernels updates() {
        UpdateKernels u = updates;
        if (u == null) {
            u = new ScalarUpdateKernels();
            if (vectorActivations() != null) {
                try {
                    u = (UpdateKernels) Class.forName(VECTOR_UPDATES).getConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    // keep the scalar loops
                }
            }
            updates = u;
        }
        return u;
    }

    /** The max-pooling loops: Vector API when the activations are vector, else null (the scalar loops). */
    static PoolingKernels vectorPooling() {
        if (vectorActivations() == null) {
            return null;
        }
        try {
            return (PoolingKernels) Class.forName(VECTOR_POOLING).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The Vector API element-wise kernels, or null when {@code drtp.kernels} and the JVM call for the
     * scalar loops. An unknown {@code drtp.kernels} value also yields null here: {@link #gemm()} reports it.
     */
    static ActivationKernels vectorActivations() {
        String c = System.getProperty("drtp.kernels", "auto").trim().toLowerCase(Locale.ROOT);
        if (!(c.equals("auto") || c.equals("vector")) || !vectorModulePresent()) {
            return null;
        }
        try {
            if (c.equals("auto") && vectorBits() < MIN_VECTOR_BITS) {
                return null;
            }
            return (ActivationKernels) Class.forName(VECTOR_ACTIVATIONS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
