package org.drtp.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.drtp.data.DataException;
import org.drtp.io.SafeTensors;
import org.drtp.nn.Network;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;

/**
 * The one writer and reader of a model's tensors, for model files and checkpoints alike: the network's
 * parameters ({@code layers.K.weight}, {@code layers.K.bias}), the rule's feedback matrices ({@code feedback.K})
 * and, for a checkpoint, the optimizer state ({@code optimizer.NAME}) and the random generators' states
 * ({@code rng.NAME}, four I64 each). Files are safetensors ({@link SafeTensors}), so the checksum that guards
 * every file is written and verified in one place.
 *
 * <p>Loading never writes into arrays handed out by accessors: it goes through {@link Parameter#load},
 * {@link LearningRule#loadFeedback}, {@link Optimizer#loadState} and {@link Rng#setState}, which check sizes, after
 * checking here that the file holds exactly the expected tensors with the expected dtype and shape and only
 * finite values.
 */
public final class ModelState {

    private static final String OPTIMIZER = "optimizer.";
    private static final String RNG = "rng.";

    private final Network network;
    private final LearningRule rule;
    private final Optimizer optimizer;
    private final Map<String, Rng> rngs;

    /**
     * @param optimizer null for a model file (no optimizer state)
     * @param rngs      named random generators to save and restore; empty for a model file
     */
    public ModelState(Network network, LearningRule rule, Optimizer optimizer, Map<String, Rng> rngs) {
        this.network = network;
        this.rule = rule;
        this.optimizer = optimizer;
        this.rngs = rngs == null ? Map.of() : rngs;
    }

    /** The model alone: parameters and feedback matrices. */
    public static ModelState of(Network network, LearningRule rule) {
        return new ModelState(network, rule, null, Map.of());
    }

    /** Every tensor of this state, in file order. */
    public Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            t.put(p.name(), SafeTensors.Tensor.f32(p.shape(), p.value()));
        }
        for (FeedbackMatrix f : rule.feedbackMatrices()) {
            t.put(f.name(), SafeTensors.Tensor.f32(f.shape(), f.values()));
        }
        if (optimizer != null) {
            for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
                t.put(OPTIMIZER + e.getKey(), SafeTensors.Tensor.f32(new int[] {e.getValue().length}, e.getValue()));
            }
        }
        for (Map.Entry<String, Rng> e : rngs.entrySet()) {
            t.put(RNG + e.getKey(), SafeTensors.Tensor.i64(new int[] {4}, e.getValue().state()));
        }
        return t;
    }

    /** Writes this state and {@code metadata} to {@code path} atomically, with the checksum. */
    public void write(Path path, Map<String, String> metadata) throws IOException {
        SafeTensors.write(path, metadata, tensors());
    }

    /**
     * Reads a file that {@link #write} made (or an older one without a checksum, reported to {@code notes});
     * a damaged or foreign file is a DataException naming it.
     */
    public static SafeTensors.Content read(Path path, Consumer<String> notes) {
        SafeTensors.Content c = SafeTensors.read(path);
        if (!c.checksummed()) {
            notes.accept(path + " has no checksum (written by a drtp before 0.2): loaded without verifying its bytes");
        }
        return c;
    }

    /**
     * Loads {@code c} into this state's objects. The file must hold exactly this state's tensors (no more, no
     * fewer), each F32 (I64 for generators) of the expected shape with finite values.
     */
    public void load(SafeTensors.Content c, String source) {
        Map<String, SafeTensors.Tensor> expected = tensors();
        if (!c.tensors().keySet().equals(expected.keySet())) {
            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(c.tensors().keySet());
            TreeSet<String> extra = new TreeSet<>(c.tensors().keySet());
            extra.removeAll(expected.keySet());
            throw new DataException(source + ": " + (missing.isEmpty() ? "" : "missing tensors " + missing
                    + (extra.isEmpty() ? "" : ", ")) + (extra.isEmpty() ? "" : "unexpected tensors " + extra)
                    + " for a " + rule.id() + " model of topology " + network.topology());
        }
        for (Map.Entry<String, SafeTensors.Tensor> e : expected.entrySet()) {
            check(c.tensors().get(e.getKey()), e.getValue(), e.getKey(), source);
        }
        try {
            for (Parameter p : network.parameters()) {
                SafeTensors.Tensor t = c.tensors().get(p.name());
                p.load(t.shape(), t.f32());
            }
            for (FeedbackMatrix f : rule.feedbackMatrices()) {
                SafeTensors.Tensor t = c.tensors().get(f.name());
                rule.loadFeedback(f.name(), t.shape(), t.f32());
            }
            if (optimizer != null) {
                Map<String, float[]> state = new LinkedHashMap<>();
                for (String k : optimizer.state().keySet()) {
                    state.put(k, c.tensors().get(OPTIMIZER + k).f32());
                }
                optimizer.loadState(state);
            }
            for (Map.Entry<String, Rng> e : rngs.entrySet()) {
                try {
                    e.getValue().setState(c.tensors().get(RNG + e.getKey()).i64());
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(RNG + e.getKey() + " is not a valid generator state (" + bad.getMessage() + ")");
                }
            }
        } catch (IllegalArgumentException bad) {
            throw new DataException(source + ": " + bad.getMessage(), bad);
        }
    }

    private static void check(SafeTensors.Tensor t, SafeTensors.Tensor want, String name, String source) {
        if (!t.dtype().equals(want.dtype()) || !Arrays.equals(t.shape(), want.shape())) {
            throw new DataException(source + ": tensor '" + name + "' is " + t.dtype() + " " + Arrays.toString(t.shape())
                    + ", expected " + want.dtype() + " " + Arrays.toString(want.shape()));
        }
        float[] v = t.f32();
        if (v != null) {
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new DataException(source + ": tensor '" + name + "' holds " + v[i] + " at index " + i);
                }
            }
        }
    }
}
