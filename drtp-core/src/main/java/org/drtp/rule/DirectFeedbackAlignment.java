package org.drtp.rule;

/**
 * Direct feedback alignment (Nokland 2016): every hidden layer receives the output error projected by a
 * fixed random matrix, {@code dy_k = e B_k} with {@code e = y - y*}.
 */
public final class DirectFeedbackAlignment extends DirectProjectionRule {

    @Override
    public String id() {
        return "dfa";
    }

    @Override
    public String fullName() {
        return "direct feedback alignment";
    }

    @Override
    public boolean isUpdateLocked() {
        return true;
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        project(k, ctx.outputError(), ctx.batchSize(), ctx.outputSize(), dy);
    }
}
