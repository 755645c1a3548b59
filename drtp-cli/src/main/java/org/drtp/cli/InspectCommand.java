package org.drtp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.cli.output.Json;
import org.drtp.device.CExport;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import org.drtp.rule.LearningRule;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Shape;
import org.drtp.train.EdgeBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drtp inspect}: the edge budget of training a network: resident bytes and multiply-accumulates per
 * example, per layer for one rule and in total for every rule, measured on the real layer objects.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what training a network costs on a device: bytes that stay resident (weights, feedback",
                "matrices, optimizer state, activations kept for updates) and multiply-accumulates per training example",
                "(forward pass, learning signal, weight update), per layer for one rule and in total for all six."})
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "LAYERS", defaultValue = "FC_500_FC_10",
            description = "Network (default FC_500_FC_10).")
    String topology;

    @Option(names = "--train-mode", paramLabel = "RULE", defaultValue = "drtp",
            description = "Rule whose per-layer table is shown (default drtp).")
    String trainMode;

    @Option(names = "--input-shape", paramLabel = "CxHxW", defaultValue = "1x28x28",
            description = "Shape of one input (default 1x28x28, MNIST).")
    String inputShape;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", description = "Optimizer (default sgd).")
    String optimizer;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1", description = "Batch size (default 1: online).")
    int batchSize;

    @Option(names = "--freeze-conv-layers", description = "Conv layers keep their random weights.")
    boolean freezeConv;

    @Option(names = "--json", description = "End standard output with one line holding every rule's budget as JSON.")
    boolean json;

    @Mixin
    DeviceFlags.PrecisionFlag precision;

    @Mixin
    DeviceFlags.FeedbackFlag feedback;

    @Override
    public Integer call() {
        Topology topo = Topology.parse(topology);
        Shape shape = parseShape(inputShape);
        String chosen = LearningRules.create(trainMode).id();
        Optimizers.create(optimizer, 1e-3);
        if (batchSize <= 0) {
            throw new Errors.UsageException("--batch-size: expected a positive integer, got " + batchSize);
        }
        // Each rule's network and training step is built in turn (and measured), so one of them must fit at a time.
        Memory.require("--topology " + topo + " on " + shape + " inputs at --batch-size " + batchSize,
                Memory.trainingBytes(topo, shape, batchSize));
        // Before anything is printed: a network the device export refuses (a conv layer) leaves stdout empty.
        CExport.Figures device = precision.given() ? deviceFigures(topo, shape) : null;
        List<EdgeBudget> budgets = new ArrayList<>();
        for (String id : LearningRules.IDS) {
            Network net = Network.build(topo, shape, NetworkOptions.defaults(), new Rng(0));
            net.setConvLayersFrozen(freezeConv);
            budgets.add(EdgeBudget.of(net, LearningRules.create(id), Optimizers.create(optimizer, 1e-3), Loss.BCE, batchSize));
        }
        PrintWriter out = spec.commandLine().getOut();
        EdgeBudget mine = budgets.get(LearningRules.IDS.indexOf(chosen));
        out.printf(Locale.ROOT, "%s, input %s, rule %s, optimizer %s, batch %d%n%n", topo, shape, chosen, mine.optimizer(),
                batchSize);
        int w = 28;
        for (EdgeBudget.LayerCost c : mine.layers()) {
            w = Math.max(w, c.description().length());
        }
        String row = "%-5s %-" + w + "s %12s %12s %12s %12s %12s %12s %12s%n";
        out.printf(Locale.ROOT, row, "layer", "", "weights", "feedback",
                "optimizer", "activations", "forward MAC", "signal MAC", "update MAC");
        for (EdgeBudget.LayerCost c : mine.layers()) {
            out.printf(Locale.ROOT, row, c.index(), c.description(),
                    bytes(c.weightBytes()), bytes(c.feedbackBytes()), bytes(c.optimizerBytes()),
                    c.activationBytes() < 0 ? "shared" : bytes(c.activationBytes()), count(c.forwardMacs()),
                    count(c.signalMacs()), count(c.updateMacs()));
        }
        out.printf(Locale.ROOT, row, "total", mine.unlocked()
                        ? "(activations: 2 buffers+1 ws)" : "", bytes(mine.weightBytes()), bytes(mine.feedbackBytes()),
                bytes(mine.optimizerBytes()), bytes(mine.activationBytes()), count(mine.forwardMacs()),
                count(mine.signalMacs()), count(mine.updateMacs()));
        out.println();
        out.printf(Locale.ROOT, "%-8s %12s %12s %12s %12s %12s %12s %12s %12s %s%n", "rule", "weights", "feedback",
                "optimizer", "activations", "resident", "forward MAC", "signal MAC", "update MAC", "update-locked");
        for (EdgeBudget b : budgets) {
            out.printf(Locale.ROOT, "%-8s %12s %12s %12s %12s %12s %12s %12s %12s %s%n", b.rule(), bytes(b.weightBytes()),
                    bytes(b.feedbackBytes()), bytes(b.optimizerBytes()), bytes(b.activationBytes()), bytes(b.residentBytes()),
                    count(b.forwardMacs()), count(b.signalMacs()), count(b.updateMacs()), b.unlocked() ? "no" : "yes");
        }
        out.println();
        out.println("MAC = multiply-accumulates per training example (matrix products; an update counts dz^T x and f'(z)).");
        out.println("Activations = what the training step keeps for updates at this batch size (measured allocations).");
        if (device != null) {
            out.println();
            out.printf(Locale.ROOT, "device (%s, %s feedback, from the sources export-c writes; batch 1, sgd):%n", precision.value,
                    feedback.value.toLowerCase(Locale.ROOT));
            out.printf(Locale.ROOT, "  static RAM       %9d bytes  (weights and biases %d, activation and scratch buffers %d)%n",
                    device.ramBytes(), device.learnedStateRamBytes(), device.bufferBytes());
            out.printf(Locale.ROOT, "  flash constants  %9d bytes  (initial weights %d, feedback %d, activation tables %d)%n",
                    device.constBytes(), device.initialWeightBytes(), device.feedbackBytes(), device.tableBytes());
            out.printf(Locale.ROOT, "  learned state    %9d bytes  (drtp_state_save)%n", device.stateBytes());
        }
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (EdgeBudget b : budgets) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("rule", b.rule());
                r.put("weight_bytes", b.weightBytes());
                r.put("feedback_bytes", b.feedbackBytes());
                r.put("optimizer_bytes", b.optimizerBytes());
                r.put("activation_bytes", b.activationBytes());
                r.put("resident_bytes", b.residentBytes());
                r.put("forward_macs", b.forwardMacs());
                r.put("signal_macs", b.signalMacs());
                r.put("update_macs", b.updateMacs());
                r.put("update_locked", !b.unlocked());
                rows.add(r);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("topology", topo.toString());
            all.put("input_shape", shape.toString());
            all.put("optimizer", mine.optimizer());
            all.put("batch_size", batchSize);
            all.put("rules", rows);
            if (device != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("precision", precision.value);
                d.put("feedback", feedback.value.toLowerCase(Locale.ROOT));
                d.put("static_ram_bytes", device.ramBytes());
                d.put("learned_state_ram_bytes", device.learnedStateRamBytes());
                d.put("buffer_bytes", device.bufferBytes());
                d.put("flash_constant_bytes", device.constBytes());
                d.put("state_bytes", device.stateBytes());
                all.put("device", d);
            }
            out.println(Json.line(all));
        }
        out.flush();
        return 0;
    }

    /** Quantises a fresh network of the topology and measures the sources export-c would write for it. */
    private CExport.Figures deviceFigures(Topology topo, Shape shape) {
        Precision p = precision.or(null);
        if (!p.isInteger()) {
            throw new Errors.UsageException("--precision: device figures need an integer precision, got " + precision.value);
        }
        Network net = Network.build(topo, shape, NetworkOptions.defaults(), new Rng(0));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(1));
        Quantizer.checkSupported(net, rule, Loss.BCE, null, "--topology " + topo);
        DeviceNetwork dev = new Quantizer(p, feedback.mode(), 1, Quantizer.DEFAULT_HEADROOM_BITS)
                .quantize(net, rule, 0.01, "--topology " + topo);
        return CExport.measure(CExport.sources(dev, Map.of("topology", topo.toString())));
    }

    static Shape parseShape(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 3) {
                return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            }
            if (p.length == 1) {
                return Shape.vector(Integer.parseInt(p[0]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the usage error
        }
        throw new Errors.UsageException("--input-shape: expected CxHxW (e.g. 1x28x28) or a size (e.g. 784), got '" + s + "'");
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MiB", b / (1024.0 * 1024));
    }

    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }
}
