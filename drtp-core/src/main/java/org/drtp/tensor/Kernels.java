package org.drtp.tensor;

import java.util.Locale;

/**
 * Chooses the matrix-multiply implementation for the process.
 *
 * <p>System property {@code drtp.kernels}: {@code auto} (default: the fastest available), {@code plain}.
 * Faster implementations register here as they are added; the plain one is always available.
 */
public final class Kernels {

    private static volatile Gemm gemm;

    private Kernels() {
    }

    /** The process-wide default {@link Gemm}. */
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

    static Gemm select(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "auto", "plain" -> new PlainGemm();
            default -> throw new IllegalArgumentException(
                    "system property drtp.kernels='" + choice + "': expected auto or plain");
        };
    }
}
