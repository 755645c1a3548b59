package org.drtp.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.drtp.data.DataException;
import org.drtp.data.Normalization;
import org.drtp.io.SafeTensors;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.nn.Topology;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;

/**
 * A trained network in a safetensors file: every parameter ({@code layers.K.weight}, {@code layers.K.bias}),
 * the rule's fixed feedback matrices ({@code feedback.K}), written and read by {@link ModelState} (as
 * checkpoints are), and in the metadata everything needed to rebuild and use it: format and version,
 * topology, input shape, activations, dropout, rule, loss, label count and the input normalisation, plus the
 * checksum that {@link SafeTensors} adds. Other safetensors readers see plain named F32 tensors. Never Java
 * serialisation.
 */
public final class ModelFile {

    public static final String FORMAT = "drtp-model";
    public static final int VERSION = 1;

    /** A loaded (or to-be-saved) model. {@code labelCount} is 0 for regression. */
    public record Model(Network network, LearningRule rule, Loss loss, Normalization normalization, int labelCount) {
    }

    private ModelFile() {
    }

    /** Writes {@code model} atomically to {@code path}. */
    public static void save(Path path, Model model) throws IOException {
        ModelState.of(model.network(), model.rule()).write(path, metadata(model));
    }

    /** The metadata of a model file (without the checksum, which the writer adds). */
    public static Map<String, String> metadata(Model model) {
        Network net = model.network();
        NetworkOptions o = net.options();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", Integer.toString(VERSION));
        m.put("topology", net.topology().toString());
        Shape in = net.inputShape();
        m.put("input_shape", in.channels() + "x" + in.height() + "x" + in.width());
        m.put("hidden_act", o.hiddenActivation().id());
        m.put("output_act", o.outputActivation().id());
        m.put("conv_act", o.convActivation().id());
        m.put("dropout", Float.toString(o.dropout()));
        m.put("train_mode", model.rule().id());
        m.put("loss", model.loss().id());
        m.put("label_count", Integer.toString(model.labelCount()));
        m.put("input_normalization", model.normalization().encode());
        List<String> frozen = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            if (p.isFrozen()) {
                frozen.add(p.name());
            }
        }
        m.put("frozen", String.join(",", frozen));
        return m;
    }

    /** Reads a model file; every inconsistency (a damaged byte included) is a DataException naming the file and field. */
    public static Model load(Path path) {
        return load(path, note -> { });
    }

    /** As {@link #load(Path)}; notes (e.g. an older file without a checksum) go to {@code notes}. */
    public static Model load(Path path, Consumer<String> notes) {
        return fromContent(ModelState.read(path, notes), path.toString());
    }

    /** Rebuilds a model from parsed safetensors content. */
    public static Model fromContent(SafeTensors.Content c, String source) {
        String format = c.requireMeta(source, "format");
        if (!format.equals(FORMAT)) {
            throw new DataException(source + ": metadata format is '" + format + "', expected '" + FORMAT + "'");
        }
        String version = c.requireMeta(source, "format_version");
        if (!version.equals(Integer.toString(VERSION))) {
            throw new DataException(source + ": model format version " + version + " is not supported (this drtp reads "
                    + VERSION + ")");
        }
        Network net;
        LearningRule rule;
        Loss loss;
        Normalization norm;
        int labels;
        try {
            Topology topology = Topology.parse(c.requireMeta(source, "topology"));
            Shape in = parseShape(c.requireMeta(source, "input_shape"));
            NetworkOptions opts = new NetworkOptions(Activation.fromId(c.requireMeta(source, "hidden_act")),
                    Activation.fromId(c.requireMeta(source, "output_act")),
                    Activation.fromId(c.requireMeta(source, "conv_act")),
                    c.requireFloat(source, "dropout"), false);
            long available = c.tensorValues();
            long needed = Network.parameterCount(topology, in);
            if (needed > available) {
                throw new InvalidSettingException("topology " + topology + " on inputs " + in + " has " + needed
                        + " parameters but the file holds only " + available + " tensor values");
            }
            net = Network.build(topology, in, opts, new Rng(0));
            rule = LearningRules.create(c.requireMeta(source, "train_mode"));
            if (needed + rule.feedbackSize(net) > available) {
                throw new InvalidSettingException("a " + rule.id() + " model of topology " + topology + " needs "
                        + (needed + rule.feedbackSize(net)) + " tensor values but the file holds only " + available);
            }
            loss = Loss.fromId(c.requireMeta(source, "loss"));
            norm = Normalization.decode(c.requireMeta(source, "input_normalization"));
            labels = c.requireInt(source, "label_count");
            if (labels < 0 || (labels > 0 && labels != net.outputSize())) {
                throw new InvalidSettingException("label_count " + labels + " does not match the " + net.outputSize()
                        + " outputs of topology " + topology);
            }
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ": invalid model metadata: " + e.getMessage(), e);
        }
        rule.initialise(net, new Rng(0));
        ModelState.of(net, rule).load(c, source);
        String frozen = c.metadata().getOrDefault("frozen", "");
        for (Parameter p : net.parameters()) {
            p.setFrozen(Arrays.asList(frozen.split(",")).contains(p.name()));
        }
        return new Model(net, rule, loss, norm, labels);
    }

    static Shape parseShape(String s) {
        String[] parts = s.split("x");
        if (parts.length != 3) {
            throw new InvalidSettingException("input_shape '" + s + "' must be CxHxW, e.g. 1x28x28");
        }
        try {
            return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("input_shape '" + s + "' must be CxHxW integers, e.g. 1x28x28");
        }
    }
}
