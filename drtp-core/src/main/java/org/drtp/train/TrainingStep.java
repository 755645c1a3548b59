package org.drtp.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.drtp.loss.Loss;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.nn.Pass;
import org.drtp.nn.Workspace;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.SignalContext;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.FastMath;
import org.drtp.tensor.FusedDenseStep;
import org.drtp.tensor.Gemm;

/**
 * One training step on one batch: forward pass, learning signals, gradients and optimizer updates, with
 * all buffers allocated once for a maximum batch size.
 *
 * <p>Two schedules ({@code docs/performance.md}, "Training step"):
 * <ul>
 *   <li><b>update-locked</b> (BP, FA, DFA, sDFA): the whole forward pass is kept (one output buffer and one
 *       workspace per layer), then signals flow from the output down and every layer is updated.</li>
 *   <li><b>update-unlocked</b> (DRTP, shallow): layer k is updated right after its own forward pass; its
 *       input is then dead. Two output buffers used alternately and one shared workspace suffice, so the
 *       activation memory does not grow with depth.</li>
 * </ul>
 * Both compute the same updates for DRTP (a test checks it bit for bit): layer k's signal and gradient use
 * only its input, its output and the target, which the unlocked schedule still holds at update time.
 */
public final class TrainingStep {

    private final Network net;
    private final LearningRule rule;
    private final Optimizer optimizer;
    private final Loss loss;
    private final int maxBatch;
    private final boolean unlocked;
    private final int depth;
    private final int outputs;
    private final Rng dropoutRng;
    /** The training pass every forward pass of this step runs, drawing dropout masks from {@link #dropoutRng}. */
    private final Pass pass;
    private final boolean softmaxForError;

    // Activations: per layer (locked) or two alternating buffers (unlocked).
    private final float[][] outs;
    private final Workspace[] workspaces;
    // Gradients (transient within a step).
    private final float[] gradA;
    private final float[] gradB;
    private final float[] gradOut;
    private final float[] outputDelta;
    private final float[] error;
    private final Context ctx = new Context();
    private final int lowestTrainedHidden;
    private SignalObserver observer;

    /**
     * Receives hidden layer k's modulatory signal {@code dz_k = dy_k * f'(z_k)} (n x signal width, row-major)
     * right after it is computed and before any parameter is updated from it: alignment-angle measurements
     * read it there. The array is the step's own buffer: copy what must outlive the call.
     */
    @FunctionalInterface
    public interface SignalObserver {
        void onHiddenSignal(int k, float[] dz, int n, int width);
    }

    /**
     * @param dropoutRng  the stream the forward passes draw dropout masks from (drawn from only when the network
     *                    has dropout)
     * @param forceLocked run the update-locked schedule even for a rule that does not need it (tests and
     *                    memory comparisons)
     */
    public TrainingStep(Network net, LearningRule rule, Optimizer optimizer, Loss loss, int maxBatch, Rng dropoutRng,
                        boolean forceLocked) {
        if (maxBatch <= 0) {
            throw new InvalidSettingException("batch size must be positive, got " + maxBatch);
        }
        loss.checkOutputActivation(net.outputLayer().activation());
        this.net = net;
        this.rule = rule;
        this.optimizer = optimizer;
        this.loss = loss;
        this.maxBatch = maxBatch;
        this.unlocked = !rule.isUpdateLocked() && !forceLocked;
        this.depth = net.depth();
        this.outputs = net.outputSize();
        this.dropoutRng = dropoutRng;
        this.pass = Pass.training(dropoutRng);
        this.softmaxForError = net.outputLayer().activation() == Activation.NONE && loss == Loss.CE;
        List<Layer> layers = net.layers();
        if (unlocked) {
            // Layer k writes buffer k % 2 and reads buffer (k - 1) % 2: each buffer is sized for its layers only.
            int[] width = new int[2];
            for (int k = 0; k < depth; k++) {
                width[k & 1] = Math.max(width[k & 1], layers.get(k).outputShape().size());
            }
            outs = new float[][] {new float[maxBatch * width[0]], new float[maxBatch * width[1]]};
            workspaces = new Workspace[] {Workspace.shared(layers, maxBatch)};
        } else {
            outs = new float[depth][];
            workspaces = new Workspace[depth];
            for (int k = 0; k < depth; k++) {
                outs[k] = new float[maxBatch * layers.get(k).outputShape().size()];
                workspaces[k] = new Workspace(layers.get(k).workspaceSizes(maxBatch));
            }
        }
        int signalWidth = 0;
        int outputWidth = 0;
        for (int k = 0; k < depth - 1; k++) {
            signalWidth = Math.max(signalWidth, layers.get(k).signalShape().size());
            outputWidth = Math.max(outputWidth, layers.get(k).outputShape().size());
        }
        gradA = new float[maxBatch * signalWidth];
        gradB = unlocked ? new float[0] : new float[maxBatch * signalWidth];
        gradOut = unlocked ? new float[0] : new float[maxBatch * outputWidth];
        outputDelta = new float[maxBatch * outputs];
        error = new float[maxBatch * outputs];
        int lowest = depth - 1;
        if (rule.trainsHiddenLayers()) {
            for (int k = depth - 2; k >= 0; k--) {
                if (!layers.get(k).isFrozen()) {
                    lowest = k;
                }
            }
        }
        lowestTrainedHidden = lowest;
    }

    /** Sets (or with null removes) the observer of hidden modulatory signals. */
    public void setSignalObserver(SignalObserver observer) {
        this.observer = observer;
    }

    /**
     * A copy of the dropout stream's state: a probe that replays this batch from it draws the very dropout
     * masks the next {@link #run} will draw.
     */
    public long[] dropoutRngState() {
        return dropoutRng.state();
    }

    /** True when layers are updated right after their own forward pass. */
    public boolean isUnlocked() {
        return unlocked;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Bytes of activations kept for updates: layer outputs and layer workspaces (dropout masks, dropped
     * inputs, conv columns and pre-pooling maps). Excludes the input batch and the transient gradients.
     */
    public long retainedActivationBytes() {
        long b = 0;
        for (float[] o : outs) {
            b += 4L * o.length;
        }
        for (Workspace w : workspaces) {
            b += w.bytes();
        }
        return b;
    }

    /**
     * Trains on one batch and returns its loss (mean, as PyTorch reduces it).
     *
     * @param x       n x input size
     * @param targets n x outputs (one-hot rows for classification)
     * @param labels  class labels, or null for regression
     */
    public double run(float[] x, float[] targets, int[] labels, int n) {
        if (n <= 0 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " examples, expected 1.." + maxBatch);
        }
        ctx.begin(targets, labels, n);
        return unlocked ? runUnlocked(x, targets, n) : runLocked(x, targets, n);
    }

    private double runLocked(float[] x, float[] targets, int n) {
        List<Layer> layers = net.layers();
        float[] in = x;
        for (int k = 0; k < depth; k++) {
            layers.get(k).forward(in, outs[k], n, workspaces[k], pass);
            in = outs[k];
        }
        float[] y = outs[depth - 1];
        ctx.outputReady(y);
        Layer outputLayer = net.outputLayer();
        loss.outputGradient(y, targets, n, outputs, outputLayer.activation(), outputDelta);
        double value = loss.mean(y, targets, n, outputs);
        // Each layer is updated once the signal below it is computed: only that signal reads the layer's weights
        // (backpropagation's dz W), so every update sees the values the whole step started from, as when all
        // updates came last, and the layer's gradient and update can be fused (gradientsAndStep).
        int pending = depth - 1;
        float[] pendingDz = outputDelta;
        float[] dzAbove = outputDelta;
        for (int k = depth - 2; k >= lowestTrainedHidden; k--) {
            Layer layer = layers.get(k);
            if (!layer.hasParameters() && !rule.sendsSignalsBackwards()) {
                continue; // a direct signal would have nothing to train here, and none passes through
            }
            float[] dy = dzAbove == gradA ? gradB : gradA;
            ctx.dzAbove = dzAbove;
            rule.hiddenSignal(k, ctx, dy);
            layer.activation().multiplyDerivativeOnThreads(layer.signalMap(outs[k], workspaces[k]), dy,
                    n * layer.signalShape().size());
            if (observer != null && layer.hasParameters()) {
                observer.onHiddenSignal(k, dy, n, layer.signalShape().size());
            }
            gradientsAndStep(layers.get(pending), input(x, pending), pendingDz, n, workspaces[pending]);
            pending = k;
            pendingDz = dy;
            dzAbove = dy;
        }
        gradientsAndStep(layers.get(pending), input(x, pending), pendingDz, n, workspaces[pending]);
        return value;
    }

    private double runUnlocked(float[] x, float[] targets, int n) {
        return runUnlockedFrom(0, x, targets, n);
    }

    /** The unlocked schedule from layer {@code from} up, {@code in} being that layer's input. */
    private double runUnlockedFrom(int from, float[] in, float[] targets, int n) {
        List<Layer> layers = net.layers();
        Workspace ws = workspaces[0];
        for (int k = from; k < depth; k++) {
            Layer layer = layers.get(k);
            float[] out = outs[k & 1];
            if (k < depth - 1 && n == 1 && fusesOnline() && k >= lowestTrainedHidden && !layer.isFrozen()) {
                // Online DRTP with plain SGD: forward pass and update in one sweep over the weights (same results).
                rule.hiddenSignal(k, ctx, gradA);
                if (layer.forwardAndApply(in, out, gradA, optimizer.directUpdateScale())) {
                    in = out;
                    continue;
                }
            }
            layer.forward(in, out, n, ws, pass);
            if (k == depth - 1) {
                ctx.outputReady(out);
                loss.outputGradient(out, targets, n, outputs, layer.activation(), outputDelta);
                double value = loss.mean(out, targets, n, outputs);
                update(layer, in, outputDelta, n, ws);
                return value;
            }
            if (k >= lowestTrainedHidden && !layer.isFrozen()) {
                rule.hiddenSignal(k, ctx, gradA);
                layer.activation().multiplyDerivativeOnThreads(layer.signalMap(out, ws), gradA,
                        n * layer.signalShape().size());
                if (observer != null) {
                    observer.onHiddenSignal(k, gradA, n, layer.signalShape().size());
                }
                update(layer, in, gradA, n, ws);
            }
            in = out;
        }
        throw new AssertionError("unreachable: a network has an output layer");
    }

    /** Receives each example of {@link #runSequence} once it is learned. */
    @FunctionalInterface
    public interface ExampleDone {
        /**
         * Example {@code t} was learned with this {@code loss}; {@code output} is the network's output for it, computed
         * before its updates (valid until this returns).
         */
        void done(int t, double loss, float[] output);
    }

    /**
     * Online learning, batch 1, on {@code count} labelled examples in order: the same updates, bit for bit, as
     * {@code count} calls of {@link #run} with one example each, but the first layer's rows run on all kernel threads,
     * each core ahead of the others on its own rows ({@link FusedDenseStep#forwardUpdateSequence}), while the calling
     * thread runs the layers above for each example in turn. That is possible when the first layer's signal needs
     * only the targets (DRTP), the optimizer is a scaled step (SGD), and the first layer is trained and fused; it pays
     * when that layer holds at least half of the multiply-adds, since the layers above run on the calling thread.
     *
     * <p>If {@code done} throws (e.g. on divergence), learning stops there; the first layer may by then have learned
     * from up to {@link FusedDenseStep#MAX_AHEAD} later examples.
     *
     * @param inputs count x input size, row-major
     * @return false, having learned nothing, when this step cannot run the examples that way (call {@link #run} per
     *         example instead)
     */
    public boolean runSequence(float[] inputs, int[] labels, int count, ExampleDone done) {
        if (!unlocked || depth < 2 || !fusesOnline() || lowestTrainedHidden != 0 || count < 1) {
            return false;
        }
        List<Layer> layers = net.layers();
        Layer first = layers.get(0);
        long above = 0;
        for (int k = 1; k < depth; k++) {
            above += layers.get(k).forwardMacs();
        }
        if (first.isFrozen() || first.forwardMacs() < above) {
            return false;
        }
        int size = first.inputShape().size();
        int width = first.signalShape().size();
        Learner.checkSequence(inputs, labels, count, null, size);
        OneExample upper = new OneExample(ctx); // the layers above run in this step's own context, on this thread
        AtomicReferenceArray<OneExample> perPart = new AtomicReferenceArray<>(width); // a part has a row at least
        FusedDenseStep.Examples examples = (part, t, x, signal) -> {
            System.arraycopy(inputs, t * size, x, 0, size);
            OneExample c = perPart.get(part);
            if (c == null) {
                perPart.compareAndSet(part, null, new OneExample(new Context()));
                c = perPart.get(part);
            }
            rule.hiddenSignal(0, c.of(labels[t]), signal);
        };
        FusedDenseStep.Outputs rest = (t, y) -> {
            Context c = upper.of(labels[t]);
            double loss = runUnlockedFrom(1, y, c.targets, 1);
            done.done(t, loss, c.y);
        };
        return first.forwardAndApplySequence(count, examples, rest, optimizer.directUpdateScale());
    }

    /**
     * One example's targets in a signal context, for {@link #runSequence}: one per part of the first layer (the parts ask
     * for signals concurrently), and one around this step's own context for the layers above.
     */
    private final class OneExample {
        private final float[] target = new float[outputs];
        private final int[] label = new int[1];
        private final Context ctx;

        OneExample(Context ctx) {
            this.ctx = ctx;
        }

        /** The context, begun on one example of class {@code y}. */
        Context of(int y) {
            Arrays.fill(target, 0f);
            target[y] = 1f;
            label[0] = y;
            ctx.begin(target, label, 1);
            return ctx;
        }
    }

    /**
     * Whether a hidden layer at batch 1 may fuse its forward pass and update ({@link Layer#forwardAndApply}): the
     * signal needs nothing from the forward pass, the optimizer is a stateless scaled step, nobody observes the
     * signal.
     */
    private boolean fusesOnline() {
        return rule.signalFromTargetsOnly() && observer == null && !Float.isNaN(optimizer.directUpdateScale());
    }

    /**
     * Update-unlocked: the layer's update, right away. With plain SGD the gradient goes straight into the weights
     * (no gradient array written and read back: at batch 1 the weights' memory traffic is the cost).
     */
    private void update(Layer layer, float[] in, float[] dz, int n, Workspace ws) {
        if (layer.isFrozen()) {
            return;
        }
        float scale = optimizer.directUpdateScale();
        if (!Float.isNaN(scale) && !layer.hasFrozenParameter()) {
            layer.applyGradients(in, dz, n, ws, scale);
        } else {
            gradientsAndStep(layer, in, dz, n, ws);
        }
    }

    /**
     * The layer's parameter gradients and optimizer step (nothing when it is frozen). When the optimizer can step
     * by rows, the weight's rows are stepped as the weight-gradient product finishes them, while they are still in
     * cache, instead of in a second pass over the weights, the gradient and the moments (docs/performance.md, "Fused
     * optimizer step"); the same values either way.
     */
    private void gradientsAndStep(Layer layer, float[] in, float[] dz, int n, Workspace ws) {
        if (layer.isFrozen()) {
            return;
        }
        Gemm.RowsDone byRows = layer.weight().isFrozen() ? null : optimizer.stepByRows(layer.weight());
        if (byRows == null) {
            layer.parameterGradients(in, dz, n, ws);
            stepParameters(layer, null);
        } else {
            layer.parameterGradients(in, dz, n, ws, byRows);
            stepParameters(layer, layer.weight());
        }
    }

    private float[] input(float[] x, int k) {
        return k == 0 ? x : outs[k - 1];
    }

    /** Steps every unfrozen parameter of the layer but {@code stepped} (already stepped by rows, or null). */
    private void stepParameters(Layer layer, Parameter stepped) {
        List<Parameter> ps = layer.parameters();
        for (int i = 0; i < ps.size(); i++) { // indexed: no iterator allocation per update
            Parameter p = ps.get(i);
            if (p != stepped && !p.isFrozen()) {
                optimizer.step(p);
            }
        }
    }

    /**
     * The network output of the last {@link #run} (n x outputs), computed with the weights as they were before
     * that step's updates (every layer's output is computed before the layer is updated, in both schedules).
     * Valid until the next run. Equal to an inference pass when the network has no dropout.
     */
    public float[] lastOutput() {
        if (ctx.y == null) {
            throw new IllegalStateException("no training step has run yet");
        }
        return ctx.y;
    }

    /** Parameters this step updates (the optimizer must have been initialised with at least these). */
    public List<Parameter> trainedParameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int k = lowestTrainedHidden; k < depth; k++) {
            for (Parameter p : net.layer(k).parameters()) {
                if (!p.isFrozen()) {
                    ps.add(p);
                }
            }
        }
        return ps;
    }

    private final class Context implements SignalContext {
        private float[] targets;
        private int[] labels;
        private int n;
        private float[] y;
        private boolean errorReady;
        private float[] dzAbove;

        void begin(float[] targets, int[] labels, int n) {
            this.targets = targets;
            this.labels = labels;
            this.n = n;
            this.y = null;
            this.errorReady = false;
        }

        void outputReady(float[] y) {
            this.y = y;
        }

        @Override
        public int batchSize() {
            return n;
        }

        @Override
        public int outputSize() {
            return outputs;
        }

        @Override
        public float[] targets() {
            return targets;
        }

        @Override
        public int[] labels() {
            return labels;
        }

        @Override
        public float[] outputError() {
            if (y == null) {
                throw new IllegalStateException("rule " + rule.id() + " asked for the output error before the forward pass"
                        + " finished: it must declare itself update-locked");
            }
            if (!errorReady) {
                int len = n * outputs;
                System.arraycopy(y, 0, error, 0, len);
                if (softmaxForError) {
                    FastMath.softmaxRows(error, 0, n, outputs);
                }
                for (int i = 0; i < len; i++) {
                    error[i] -= targets[i];
                }
                errorReady = true;
            }
            return error;
        }

        @Override
        public void propagateFromAbove(int k, float[] matrix, float[] dy) {
            if (unlocked) {
                throw new IllegalStateException("rule " + rule.id() + " sends signals backwards: it must be update-locked");
            }
            Layer above = net.layer(k + 1);
            Layer layer = net.layer(k);
            boolean pools = !layer.signalShape().equals(layer.outputShape());
            float[] dOut = pools ? gradOut : dy;
            above.inputGradient(dzAbove, matrix, dOut, n, workspaces[k + 1]);
            layer.outputGradientToSignal(dOut, dy, n, workspaces[k]);
        }
    }
}
