package org.drtp.rule;

import org.drtp.nn.Network;

/**
 * Direct random target projection (Frenkel, Lefebvre and Bol 2021, eq. 6): every hidden layer receives the
 * fixed random projection of the <em>target</em>, {@code dy_k = y* B_k}. The signal does not depend on the
 * network output, so each layer can be updated as soon as its own forward pass is done (no update
 * locking, nothing buffered for a backward pass).
 *
 * <p>For classification y* is one-hot, so {@code y* B_k} is row {@code label} of B_k: a row copy, no
 * multiplication. Regression targets are projected with a matrix product.
 */
public final class DirectRandomTargetProjection extends DirectProjectionRule {

    @Override
    public String id() {
        return "drtp";
    }

    @Override
    public String fullName() {
        return "direct random target projection";
    }

    @Override
    public boolean isUpdateLocked() {
        return false;
    }

    /** {@code y* B_k} needs nothing from the forward pass. */
    @Override
    public boolean signalFromTargetsOnly() {
        return true;
    }

    /** One-hot targets: {@code y* B_k} is a row copy, no multiplication. */
    @Override
    public long signalMacs(Network network, int k) {
        return 0;
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        int[] labels = ctx.labels();
        int n = ctx.batchSize();
        if (labels == null) {
            project(k, ctx.targets(), n, ctx.outputSize(), dy);
            return;
        }
        int s = signalSize[k];
        float[] b = byLayer[k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, labels[i] * s, dy, i * s, s);
        }
    }
}
