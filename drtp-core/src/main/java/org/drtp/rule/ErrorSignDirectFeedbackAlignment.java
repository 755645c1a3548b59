package org.drtp.rule;

/**
 * Error-sign-based DFA (Frenkel et al. 2021, section 2): DFA on the sign of the error,
 * {@code dy_k = sign(y - y*) B_k} (sign(0) = 0, as {@code torch.sign}).
 */
public final class ErrorSignDirectFeedbackAlignment extends DirectProjectionRule {

    private float[] signs = new float[0];

    @Override
    public String id() {
        return "sdfa";
    }

    @Override
    public String fullName() {
        return "error-sign direct feedback alignment";
    }

    @Override
    public boolean isUpdateLocked() {
        return true;
    }

    @Override
    public void hiddenSignal(int k, SignalContext ctx, float[] dy) {
        int len = ctx.batchSize() * ctx.outputSize();
        if (signs.length < len) {
            signs = new float[len]; // grows once to the batch size, then reused
        }
        float[] e = ctx.outputError();
        for (int i = 0; i < len; i++) {
            signs[i] = Math.signum(e[i]);
        }
        project(k, signs, ctx.batchSize(), ctx.outputSize(), dy);
    }
}
