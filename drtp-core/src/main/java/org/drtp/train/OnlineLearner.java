package org.drtp.train;

import java.util.Arrays;
import java.util.Objects;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.optim.Optimizer;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;

/**
 * Learning from a stream, one example at a time (or in micro-batches), as an adaptive device does: every
 * {@link #learn} call adds an example and, once a micro-batch is full, trains on it with the same
 * {@link TrainingStep} as batch training. No allocation per call; with DRTP each layer is updated right
 * after its forward pass and nothing is buffered for a backward pass.
 *
 * <p>{@link #predictThenLearn} is prequential (test-then-train) evaluation: the returned prediction is made
 * by the network as it was before learning from that example. Without dropout and at micro-batch 1 it reuses
 * the training pass's own output (every layer's output is computed before that layer is updated), so
 * evaluation costs nothing extra.
 *
 * <p>The network and rule are those of a model file, so a model trained offline can keep learning here and be
 * saved again. Not thread-safe.
 */
public final class OnlineLearner implements Learner {

    private final Network net;
    private final LearningRule rule;
    private final Loss loss;
    private final int microBatch;
    private final int inputs;
    private final int outputs;
    private final TrainingStep step;
    private final Inference inference;
    private final boolean dropout;
    private final float[] x;
    private final float[] targets;
    private final int[] labels;
    private int pending;
    private long learned;
    private double lastLoss = Double.NaN;

    /**
     * @param rule       an initialised rule (its feedback matrices drawn, e.g. loaded from a model file)
     * @param optimizer  initialised here on the network's parameters
     * @param microBatch examples per update (1 = truly online)
     * @param seed       seed of the dropout stream, if the network has dropout
     */
    public OnlineLearner(Network net, LearningRule rule, Optimizer optimizer, Loss loss, int microBatch, long seed) {
        if (microBatch <= 0) {
            throw new InvalidSettingException("micro-batch size must be positive, got " + microBatch);
        }
        this.net = Objects.requireNonNull(net, "net");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.loss = loss;
        this.microBatch = microBatch;
        this.inputs = net.inputShape().size();
        this.outputs = net.outputSize();
        optimizer.init(net.parameters());
        this.step = new TrainingStep(net, rule, optimizer, loss, microBatch, Rng.forComponent(seed, 0, RandomStream.DROPOUT), false);
        this.inference = new Inference(net, 1);
        this.dropout = net.options().dropout() > 0;
        this.x = new float[microBatch * inputs];
        this.targets = new float[microBatch * outputs];
        this.labels = new int[microBatch];
    }

    public Network network() {
        return net;
    }

    public LearningRule rule() {
        return rule;
    }

    /** Examples learned from so far (including those waiting in an unfinished micro-batch). */
    @Override
    public long examplesSeen() {
        return learned + pending;
    }

    /** Loss of the last update, NaN before the first. */
    public double lastLoss() {
        return lastLoss;
    }

    /** Bytes of activations the training step keeps (constant in depth for DRTP). */
    public long retainedActivationBytes() {
        return step.retainedActivationBytes();
    }

    /** Adds one labelled example ({@code input}: the network's input size, normalised); trains when the micro-batch is full. */
    @Override
    public void learn(float[] input, int label) {
        if (input.length < inputs) {
            throw new InvalidSettingException("example has " + input.length + " values, the network expects " + inputs);
        }
        checkLabel(label, -1);
        System.arraycopy(input, 0, x, pending * inputs, inputs);
        Arrays.fill(targets, pending * outputs, (pending + 1) * outputs, 0f);
        targets[pending * outputs + label] = 1f;
        labels[pending] = label;
        pending++;
        if (pending == microBatch) {
            flush();
        }
    }

    /**
     * Learns from {@code count} labelled examples in order, with the same updates, bit for bit, as {@code count} calls
     * of {@link #learn} (of {@link #predictThenLearn} when {@code predictions} is not null, which then receives each
     * example's prediction made before learning from it). Faster when examples come in bursts: online DRTP with plain
     * SGD at micro-batch 1 runs the first layer's rows on every kernel thread, each core ahead of the others on its
     * own rows, instead of meeting them twice per example ({@link TrainingStep#runSequence}; docs/performance.md).
     * Otherwise it is the loop of calls. Every example is checked before any is learned. A few small objects are
     * allocated per call, none per example.
     *
     * @param features count x the network's input size, row-major, normalised
     * @throws TrainingDivergedException if the loss stops being finite; the examples before the one named were
     *                                   learned (the first layer may also have learned from up to
     *                                   {@link org.drtp.tensor.FusedDenseStep#MAX_AHEAD} more)
     */
    @Override
    public void learnSequence(float[] features, int[] labels, int count, int[] predictions) {
        Learner.checkSequence(features, labels, count, predictions, inputs);
        for (int t = 0; t < count; t++) {
            checkLabel(labels[t], t);
        }
        if (microBatch == 1 && !dropout && pending == 0) {
            long before = learned;
            boolean ran = step.runSequence(features, labels, count, (t, loss, output) -> {
                lastLoss = loss;
                learned = before + t + 1;
                if (!Double.isFinite(loss)) {
                    Divergence.checkLoss(loss, net, "online update at example " + learned);
                }
                if (predictions != null) {
                    predictions[t] = Evaluation.argmax(output, 0, outputs);
                }
            });
            if (ran) {
                return;
            }
        }
        Learner.super.learnSequence(features, labels, count, predictions);
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    /** Throws, naming the label (and its example in a sequence, if {@code example} >= 0), unless it is a class. */
    private void checkLabel(int label, int example) {
        if (label < 0 || label >= outputs) {
            throw new InvalidSettingException("label " + label + (example < 0 ? "" : " of example " + example)
                    + " outside 0.." + (outputs - 1));
        }
    }

    /** Trains on the examples of an unfinished micro-batch now (e.g. before saving). */
    @Override
    public void flush() {
        if (pending == 0) {
            return;
        }
        lastLoss = step.run(x, targets, labels, pending);
        if (!Double.isFinite(lastLoss)) {
            Divergence.checkLoss(lastLoss, net, "online update at example " + (learned + pending));
        }
        learned += pending;
        pending = 0;
    }

    /** The class the network predicts for {@code input} now. */
    @Override
    public int predict(float[] input) {
        float[] y = inference.run(input, 1);
        return Evaluation.argmax(y, 0, outputs);
    }

    /** Prequential step: predicts {@code input}'s class with the current network, then learns from its label. */
    @Override
    public int predictThenLearn(float[] input, int label) {
        if (microBatch == 1 && !dropout) {
            learn(input, label);
            return Evaluation.argmax(step.lastOutput(), 0, outputs);
        }
        int p = predict(input);
        learn(input, label);
        return p;
    }

    /** The loss used for updates. */
    public Loss loss() {
        return loss;
    }
}
