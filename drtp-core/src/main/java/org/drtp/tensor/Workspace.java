package org.drtp.tensor;

/**
 * Per-thread scratch arrays of {@link VectorGemm}: they grow to the largest size asked for and are then
 * reused, so that the steady state of a training loop allocates nothing. One per thread (callers and pool
 * workers alike), because the packing buffers are written while other threads pack their own.
 */
final class Workspace {

    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] packed = new float[0];
    private float[] tile = new float[0];
    private float[] left = new float[0];
    private float[] right = new float[0];
    private float[] shared = new float[0];
    private float[] panels = new float[0];

    static Workspace get() {
        return LOCAL.get();
    }

    /** Buffer for a packed block of Q. */
    float[] packed(int size) {
        if (packed.length < size) {
            packed = new float[size];
        }
        return packed;
    }

    /** Buffer for one micro-kernel tile that is scattered by the caller. */
    float[] tile(int size) {
        if (tile.length < size) {
            tile = new float[size];
        }
        return tile;
    }

    /** Buffer for a re-laid-out copy of A (small shapes only). */
    float[] left(int size) {
        if (left.length < size) {
            left = new float[size];
        }
        return left;
    }

    /** Buffer for a fully packed Q that the calling thread shares read-only with the pool's workers. */
    float[] shared(int size) {
        if (shared.length < size) {
            shared = new float[size];
        }
        return shared;
    }

    /** Buffer for a re-laid-out copy of B (small shapes only). */
    float[] right(int size) {
        if (right.length < size) {
            right = new float[size];
        }
        return right;
    }

    /** Buffer for a block of P packed in micro-panels. */
    float[] panels(int size) {
        if (panels.length < size) {
            panels = new float[size];
        }
        return panels;
    }
}
