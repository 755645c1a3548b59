package org.drtp.nn;

/**
 * Scratch arrays a layer keeps between its forward pass and its update (dropout masks, the dropped input,
 * a conv layer's im2col columns and pre-pooling map ...). A layer declares the sizes it needs with
 * {@link Layer#workspaceSizes(int)}; the training step allocates them once.
 *
 * <p>Under backpropagation every layer needs its own workspace (all are alive until the backward pass);
 * under update-unlocked rules one workspace, sized to the largest need, is shared by all layers, since a
 * layer's scratch is dead once the layer is updated. That sharing is what keeps DRTP's activation memory
 * independent of depth.
 */
public final class Workspace {

    private final float[][] slots;

    public Workspace(int[] sizes) {
        slots = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            slots[i] = new float[sizes[i]];
        }
    }

    /** A workspace big enough for each of the given layers (slot-wise maximum). */
    public static Workspace shared(java.util.List<? extends Layer> layers, int batch) {
        return shared(layers, l -> l.workspaceSizes(batch));
    }

    /** A workspace big enough for inference passes of each of the given layers (slot-wise maximum). */
    public static Workspace sharedForInference(java.util.List<? extends Layer> layers, int batch) {
        return shared(layers, l -> l.inferenceWorkspaceSizes(batch));
    }

    private static Workspace shared(java.util.List<? extends Layer> layers,
                                    java.util.function.Function<Layer, int[]> need) {
        int slots = 0;
        for (Layer l : layers) {
            slots = Math.max(slots, need.apply(l).length);
        }
        int[] sizes = new int[slots];
        for (Layer l : layers) {
            int[] s = need.apply(l);
            for (int i = 0; i < s.length; i++) {
                sizes[i] = Math.max(sizes[i], s[i]);
            }
        }
        return new Workspace(sizes);
    }

    public float[] slot(int i) {
        return slots[i];
    }

    /** Bytes held by all slots. */
    public long bytes() {
        long b = 0;
        for (float[] s : slots) {
            b += 4L * s.length;
        }
        return b;
    }
}
