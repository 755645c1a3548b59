package org.drtp.testing;

import java.util.function.Supplier;

/** Runs test code with the kernels' thread count ({@code drtp.threads}) set, restoring the JVM's setting after. */
public final class KernelThreads {

    private static final String PROPERTY = "drtp.threads";

    private KernelThreads() {
    }

    /** {@code body} computed with {@code threads} kernel threads. */
    public static <T> T with(int threads, Supplier<T> body) {
        String saved = System.getProperty(PROPERTY);
        try {
            System.setProperty(PROPERTY, Integer.toString(threads));
            return body.get();
        } finally {
            if (saved == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, saved);
            }
        }
    }

    /** {@code body} run with {@code threads} kernel threads. */
    public static void with(int threads, Runnable body) {
        with(threads, () -> {
            body.run();
            return null;
        });
    }
}
