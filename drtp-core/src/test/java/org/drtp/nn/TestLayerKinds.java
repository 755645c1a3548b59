package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.drtp.loss.Loss;
import org.drtp.model.ModelState;
import org.drtp.optim.Adam;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.testing.TestNets;
import org.drtp.train.TrainingStep;

/** What the tests of the test-only layer kinds ({@link BiasFreeFc}, {@link MaxPool}) share. */
final class TestLayerKinds {

    private TestLayerKinds() {
    }

    /** The built-in kinds plus {@code kind}. */
    static List<LayerKind> withKind(LayerKind kind) {
        List<LayerKind> kinds = new ArrayList<>(Topology.KINDS);
        kinds.add(kind);
        return List.copyOf(kinds);
    }

    /**
     * Trains {@code build.apply(1)} one step with {@code ruleId} and Adam, writes its model state with the optimizer's
     * to a file, loads that into a network built from another seed, and checks that the two continue with the same
     * step to the same weights. Returns the names of the tensors the file holds.
     */
    static Set<String> checkStateRestoresTraining(LongFunction<Network> build, String ruleId, TestNets.Batch b, Path dir)
            throws IOException {
        Network net = build.apply(1);
        LearningRule rule = LearningRules.create(ruleId);
        rule.initialise(net, new Rng(7));
        Adam adam = new Adam(1e-2);
        adam.init(net.parameters());
        TrainingStep step = new TrainingStep(net, rule, adam, Loss.BCE, b.n(), new Rng(8), false);
        step.run(b.x(), b.targets(), b.labels(), b.n());
        Path file = dir.resolve("state.safetensors");
        new ModelState(net, rule, adam, Map.of()).write(file, Map.of("format", "test"));

        Network copy = build.apply(99);
        LearningRule copyRule = LearningRules.create(ruleId);
        copyRule.initialise(copy, new Rng(98));
        Adam copyAdam = new Adam(1e-2);
        copyAdam.init(copy.parameters());
        ModelState restored = new ModelState(copy, copyRule, copyAdam, Map.of());
        restored.load(ModelState.read(file, note -> { }), file.toString());

        new TrainingStep(copy, copyRule, copyAdam, Loss.BCE, b.n(), new Rng(8), false).run(b.x(), b.targets(), b.labels(), b.n());
        step.run(b.x(), b.targets(), b.labels(), b.n());
        for (Parameter p : net.parameters()) {
            assertArrayEquals(p.value(), copy.parameter(p.name()).value(), p.name());
        }
        return restored.tensors().keySet();
    }
}
