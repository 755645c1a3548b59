package org.drtp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drtp.loss.Loss;
import org.drtp.nn.Layer;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;

/**
 * What training a network with a rule costs on a small device, read off the real objects: the bytes that must
 * stay resident (weights, fixed feedback matrices, optimizer state, activations kept for updates) and the
 * multiply-accumulates per training example of the forward pass, the learning signals and the weight updates.
 *
 * <p>Counting conventions: MACs are those of the matrix products; a layer's update counts its gradient's outer
 * product ({@code dz^T x}, as many MACs as its forward pass) plus the {@code f'(z)} products; the optimizer's
 * own per-parameter arithmetic is not included. Activation bytes are those the {@link TrainingStep} allocates
 * for the given batch size: per layer for update-locked rules, two alternating buffers and one shared
 * workspace (the total, not per layer) for update-unlocked ones.
 */
public record EdgeBudget(String rule, String optimizer, int batchSize, List<LayerCost> layers, long activationBytes,
                         boolean unlocked) {

    /** One layer's share. {@code activationBytes} is -1 when activations are shared across layers (unlocked). */
    public record LayerCost(int index, String description, boolean trained, long weightBytes, long feedbackBytes,
                            long optimizerBytes, long activationBytes, long forwardMacs, long signalMacs, long updateMacs) {
    }

    /**
     * Measures {@code net} trained by {@code rule} (initialised here) with {@code optimizer} (initialised here
     * on the parameters the rule trains) at {@code batchSize}.
     */
    public static EdgeBudget of(Network net, LearningRule rule, Optimizer optimizer, Loss loss, int batchSize) {
        rule.initialise(net, new Rng(0));
        TrainingStep step = new TrainingStep(net, rule, optimizer, loss, batchSize, new Rng(0), false);
        List<Parameter> trained = step.trainedParameters();
        optimizer.init(trained);
        Map<String, float[]> state = optimizer.state();
        List<LayerCost> costs = new ArrayList<>();
        int depth = net.depth();
        for (int k = 0; k < depth; k++) {
            Layer l = net.layer(k);
            boolean isTrained = l.parameters().stream().anyMatch(trained::contains);
            long weights = 0;
            for (Parameter p : l.parameters()) {
                weights += 4L * p.size();
            }
            long feedback = 0;
            for (FeedbackMatrix m : rule.feedbackMatrices()) {
                if (m.layer() == k) {
                    feedback += 4L * m.values().length;
                }
            }
            long opt = 0;
            String prefix = "layers." + k + ".";
            for (Map.Entry<String, float[]> e : state.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    opt += 4L * e.getValue().length;
                }
            }
            long acts = step.isUnlocked() ? -1
                    : 4L * batchSize * l.outputShape().size() + workspaceBytes(l, batchSize);
            long signal = k < depth - 1 && isTrained ? rule.signalMacs(net, k) : 0;
            long update = isTrained ? l.forwardMacs() + l.signalShape().size() : 0;
            costs.add(new LayerCost(k, l.describe(), isTrained, weights, feedback, opt, acts, l.forwardMacs(), signal, update));
        }
        return new EdgeBudget(rule.id(), optimizer.id(), batchSize, costs, step.retainedActivationBytes(), step.isUnlocked());
    }

    private static long workspaceBytes(Layer l, int batch) {
        long b = 0;
        for (int s : l.workspaceSizes(batch)) {
            b += 4L * s;
        }
        return b;
    }

    public long weightBytes() {
        return layers.stream().mapToLong(LayerCost::weightBytes).sum();
    }

    public long feedbackBytes() {
        return layers.stream().mapToLong(LayerCost::feedbackBytes).sum();
    }

    public long optimizerBytes() {
        return layers.stream().mapToLong(LayerCost::optimizerBytes).sum();
    }

    public long forwardMacs() {
        return layers.stream().mapToLong(LayerCost::forwardMacs).sum();
    }

    public long signalMacs() {
        return layers.stream().mapToLong(LayerCost::signalMacs).sum();
    }

    public long updateMacs() {
        return layers.stream().mapToLong(LayerCost::updateMacs).sum();
    }

    /** Bytes resident while training: weights, feedback, optimizer state and activations. */
    public long residentBytes() {
        return weightBytes() + feedbackBytes() + optimizerBytes() + activationBytes;
    }

    /** All MACs of one training example. */
    public long totalMacs() {
        return forwardMacs() + signalMacs() + updateMacs();
    }
}
