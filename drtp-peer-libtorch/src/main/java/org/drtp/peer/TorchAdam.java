package org.drtp.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's Adam ({@code torch.optim.Adam}, single-tensor form, no weight decay) on DJL arrays:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}, with the
 * moments updated in place. DJL exposes no {@code addcmul_}/{@code addcdiv_}, so a few temporaries remain.
 */
final class TorchAdam {

    private static final float B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;

    private final float lr;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int step;

    TorchAdam(float lr) {
        this.lr = lr;
    }

    /** Registers a parameter; its moments start at zero in the parameter's manager. */
    NDArray add(NDArray w) {
        weights.add(w);
        m.add(w.zerosLike());
        v.add(w.zerosLike());
        return w;
    }

    /**
     * Moves the moments into {@code scratch} until it closes, so that temporaries made from them die with it
     * (the owner attaches the parameters: an array attached twice would not find its way back).
     */
    void attach(NDManager scratch) {
        for (int i = 0; i < weights.size(); i++) {
            m.get(i).tempAttach(scratch);
            v.get(i).tempAttach(scratch);
        }
    }

    void beginStep() {
        step++;
    }

    /** Updates parameter {@code i} with gradient {@code g} (call {@link #beginStep} once per step first). */
    void update(int i, NDArray g) {
        double bc1 = 1 - Math.pow(B1, step), bc2 = 1 - Math.pow(B2, step);
        NDArray mi = m.get(i), vi = v.get(i);
        mi.muli(B1).addi(g.mul(1 - B1));
        vi.muli(B2).addi(g.square().muli(1 - B2));
        NDArray denom = vi.sqrt().divi((float) Math.sqrt(bc2)).addi(EPS);
        weights.get(i).subi(mi.div(denom).muli((float) (lr / bc1)));
    }
}
