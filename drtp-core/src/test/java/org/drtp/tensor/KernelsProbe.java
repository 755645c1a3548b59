package org.drtp.tensor;

/**
 * Entry point that {@link KernelsTest} runs in a child JVM started without the Vector API module: it
 * reports the kernel choice and uses the kernels, which must work without ever linking
 * {@code jdk.incubator.vector}.
 */
final class KernelsProbe {

    private KernelsProbe() {
    }

    public static void main(String[] args) {
        try {
            Gemm g = Kernels.gemm();
            System.out.println("gemm=" + g.name());
            System.out.println("description=" + Kernels.description());
            float[] a = {1f, 2f, 3f, 4f};
            float[] c = new float[4];
            g.multiply(false, false, 2, 2, 2, a, 0, 2, a, 0, 2, 0f, c, 0, 2);
            float[] t = {0f, 1f, -1f};
            FastMath.tanh(t, 0, 3);
            FastMath.softmaxRows(t, 0, 1, 3);
            boolean ok = c[0] == 7f && c[3] == 22f && Math.abs(t[0] + t[1] + t[2] - 1f) < 1e-6f;
            System.out.println("computed=" + (ok ? "ok" : "wrong"));
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
