package org.drtp.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drtp.nn.Parameter;
import org.drtp.settings.InvalidSettingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link Optimizer} contract, checked for every optimizer the factory makes. */
class OptimizerTest {

    private static final double LR = 0.01;

    private static Parameter param(String name, float... values) {
        Parameter p = new Parameter(name, values.length);
        System.arraycopy(values, 0, p.value(), 0, values.length);
        return p;
    }

    private static void setGrad(Parameter p, float... g) {
        System.arraycopy(g, 0, p.grad(), 0, g.length);
    }

    private static final float[][] GRADS = {
        {0.5f, -1.0f, 0.25f}, {0.4f, -0.2f, -0.3f}, {-0.6f, 0.9f, 0.05f}, {0.1f, 0.1f, -0.8f}, {1.5f, -0.7f, 0.2f},
    };

    private static void stepWith(Optimizer opt, Parameter p, float[] g) {
        setGrad(p, g);
        opt.step(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void idAndLearningRateAreReported(String id) {
        Optimizer opt = Optimizers.create(id, 0.125);
        assertEquals(id, opt.id());
        // Upper case means the same, except the reference's SGD, which is momentum 0.9 (OptimizersTest).
        assertEquals(id.equals("sgd") ? "momentum" : id, Optimizers.create(id.toUpperCase(java.util.Locale.ROOT), 0.125).id());
        assertEquals(0.125, opt.learningRate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void stepMovesEachWeightAgainstItsGradient(String id) {
        Optimizer opt = Optimizers.create(id, LR);
        Parameter p = param("w", 1f, 1f, 1f);
        opt.init(List.of(p));
        stepWith(opt, p, new float[] {2f, -3f, 0f});
        assertTrue(p.value()[0] < 1f, "positive gradient should decrease the weight");
        assertTrue(p.value()[1] > 1f, "negative gradient should increase the weight");
        assertEquals(1f, p.value()[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void frozenParameterNeverMovesAndKeepsNoState(String id) {
        Optimizer opt = Optimizers.create(id, LR);
        Parameter frozen = param("frozen", 0.3f, -0.7f, 2f);
        Parameter live = param("live", 0.3f, -0.7f, 2f);
        opt.init(List.of(frozen, live));
        frozen.setFrozen(true);
        for (float[] g : GRADS) {
            stepWith(opt, frozen, g);
            stepWith(opt, live, g);
        }
        assertArrayEquals(new float[] {0.3f, -0.7f, 2f}, frozen.value());
        for (Map.Entry<String, float[]> e : opt.state().entrySet()) {
            if (e.getKey().startsWith("frozen.")) {
                assertArrayEquals(new float[e.getValue().length], e.getValue(), e.getKey());
            }
        }
        // The same gradients did move the live twin: the assertion above is not vacuous.
        assertFalse(java.util.Arrays.equals(frozen.value(), live.value()));

        // Once unfrozen, its first step is a fresh first step.
        frozen.setFrozen(false);
        Parameter fresh = param("fresh", 0.3f, -0.7f, 2f);
        Optimizer other = Optimizers.create(id, LR);
        other.init(List.of(fresh));
        stepWith(opt, frozen, GRADS[0]);
        stepWith(other, fresh, GRADS[0]);
        assertArrayEquals(fresh.value(), frozen.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void zeroGradientFromZeroStateLeavesWeightsUnchanged(String id) {
        Optimizer opt = Optimizers.create(id, 0.5);
        Parameter p = param("w", 0.3f, -0.7f, 2f, 0f);
        opt.init(List.of(p));
        for (int i = 0; i < 5; i++) {
            opt.step(p); // gradient array is all zero
        }
        assertArrayEquals(new float[] {0.3f, -0.7f, 2f, 0f}, p.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void resetRestoresFreshBehaviour(String id) {
        Optimizer used = Optimizers.create(id, LR);
        Parameter p = param("layers.0.weight", 0.3f, -0.7f, 2f);
        used.init(List.of(p));
        for (int i = 0; i < 3; i++) {
            stepWith(used, p, GRADS[i]);
        }
        used.reset();
        for (Map.Entry<String, float[]> e : used.state().entrySet()) {
            assertArrayEquals(new float[e.getValue().length], e.getValue(), e.getKey() + " after reset");
        }

        Parameter q = param("layers.0.weight", p.value().clone());
        Optimizer fresh = Optimizers.create(id, LR);
        fresh.init(List.of(q));
        for (int i = 3; i < 5; i++) {
            stepWith(used, p, GRADS[i]);
            stepWith(fresh, q, GRADS[i]);
            assertArrayEquals(q.value(), p.value(), "step " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void stateIsNamedPerParameter(String id) {
        Optimizer opt = Optimizers.create(id, LR);
        Parameter w = param("layers.0.weight", 1f, 2f, 3f, 4f);
        Parameter b = param("layers.0.bias", 1f, 2f);
        opt.init(List.of(w, b));
        Set<String> expected = switch (id) {
            case "adam" -> Set.of("exp_avg", "exp_avg_sq", "step");
            case "momentum", "nag" -> Set.of("momentum_buffer", "step");
            case "rmsprop" -> Set.of("square_avg", "step");
            default -> Set.of("step");
        };
        Set<String> names = new java.util.HashSet<>();
        for (String s : expected) {
            names.add("layers.0.weight." + s);
            names.add("layers.0.bias." + s);
        }
        assertEquals(names, opt.state().keySet());
        assertEquals(1, opt.state().get("layers.0.weight.step").length);
        for (String s : expected) {
            if (!s.equals("step")) {
                assertEquals(4, opt.state().get("layers.0.weight." + s).length);
                assertEquals(2, opt.state().get("layers.0.bias." + s).length);
            }
        }
        stepWith(opt, w, new float[] {1, 1, 1, 1});
        stepWith(opt, w, new float[] {1, 1, 1, 1});
        assertEquals(2f, opt.state().get("layers.0.weight.step")[0]);
        assertEquals(0f, opt.state().get("layers.0.bias.step")[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void stateCopiedIntoAFreshOptimizerResumesTheSameTrajectory(String id) {
        Optimizer a = Optimizers.create(id, LR);
        Parameter p = param("w", 0.3f, -0.7f, 2f);
        a.init(List.of(p));
        for (int i = 0; i < 3; i++) {
            stepWith(a, p, GRADS[i]);
        }
        Optimizer b = Optimizers.create(id, LR);
        Parameter q = param("w", p.value().clone());
        b.init(List.of(q));
        b.loadState(a.state());
        for (int i = 3; i < 5; i++) {
            stepWith(a, p, GRADS[i]);
            stepWith(b, q, GRADS[i]);
        }
        assertArrayEquals(p.value(), q.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "momentum", "nag", "rmsprop"})
    void eachParameterHasItsOwnStateAndStepCount(String id) {
        // Update-unlocked rules step layers one at a time: one parameter's steps must not age another's state.
        Optimizer opt = Optimizers.create(id, LR);
        Parameter a = param("a", 1f, 1f, 1f);
        Parameter b = param("b", 1f, 1f, 1f);
        opt.init(List.of(a, b));
        for (int i = 0; i < 3; i++) {
            stepWith(opt, a, GRADS[i]);
        }
        stepWith(opt, b, GRADS[3]);

        Optimizer fresh = Optimizers.create(id, LR);
        Parameter c = param("c", 1f, 1f, 1f);
        fresh.init(List.of(c));
        stepWith(fresh, c, GRADS[3]);
        assertArrayEquals(c.value(), b.value());
        assertNotEquals(c.value()[0], a.value()[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void stepOnAParameterItWasNotGivenIsAnError(String id) {
        Optimizer opt = Optimizers.create(id, LR);
        opt.init(List.of(param("known", 1f)));
        Parameter stranger = param("stranger", 1f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.step(stranger));
        assertTrue(e.getMessage().contains("stranger"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "momentum", "nag", "rmsprop"})
    void nonPositiveOrNonFiniteLearningRatesAreRejected(String id) {
        for (double lr : new double[] {0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create(id, lr),
                    "lr " + lr);
            assertEquals("lr", ((InvalidSettingException) e).setting(), e.getMessage()); // front ends name their flag
            assertTrue(e.getMessage().contains(Double.toString(lr)), e.getMessage());
        }
    }
}
