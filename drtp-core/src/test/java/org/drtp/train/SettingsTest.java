package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drtp.data.Normalization;
import org.drtp.loss.Loss;
import org.drtp.model.ModelFile;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The table of run settings (docs/settings.md) and what is made from it. */
class SettingsTest {

    @Test
    void theDefaultsAreThePapersMnistProtocol() {
        RunConfig d = RunConfig.builder().build();
        RunConfig old = new RunConfig(Topology.parse("FC_500_FC_500_FC_10"), "drtp", "adam", 5e-4, Loss.BCE, 100, 60, 1, 42,
                NetworkOptions.defaults(), false, Augmentation.NONE, EarlyStopping.NONE);
        assertEquals(old, d);
        assertEquals(RunConfig.paperDefaults("FC_500_FC_500_FC_10", "drtp", 5e-4), d);
    }

    @Test
    void keysAndFlagsAreUniqueAndSpelledAlike() {
        Set<String> keys = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (Setting<?> s : Settings.ALL) {
            assertTrue(keys.add(s.key()), s.key());
            assertTrue(flags.add(s.flag()), s.flag());
            assertEquals("--" + s.key().replace('_', '-'), s.flag(), "a flag is its key in kebab case");
            assertSame(s, Settings.byKey(s.key()));
            assertEquals(s.plainDefault(), s.normalise(s.plainDefault()), "the default round-trips");
        }
    }

    /**
     * The fingerprint checkpoints were written with before the table (text copied from a checkpoint made then,
     * docs/bad-inputs.md): a run checkpointed before must still resume.
     */
    @Test
    void fingerprintsOfExistingRunsAreUnchanged() {
        RunConfig c = RunConfig.paperDefaults("FC_16_FC_10", "drtp", 5e-4);
        assertEquals("dataset=mnist-10k topology=FC_16_FC_10 train_mode=drtp optimizer=adam lr=5.0E-4 loss=bce batch_size=60"
                + " seed=42 hidden_act=tanh output_act=sigmoid conv_act=tanh dropout=0.0 fc_zero_init=false"
                + " freeze_conv_layers=false", c.fingerprint("mnist-10k"));
        RunConfig flip = c.withAugmentation(Augmentation.FLIP).withEpochs(7).withTrials(3)
                .withEarlyStopping(EarlyStopping.onTest(4));
        assertEquals(c.fingerprint("cifar10") + " augment=flip", flip.fingerprint("cifar10"),
                "augment only when not none; epochs, trials and early stopping never");
        assertTrue(c.with(Settings.CONV_ACT, Activation.RELU).fingerprint("x").contains(" conv_act=relu "));
    }

    @Test
    void everySettingIsInTheMapInTheTablesOrder() {
        RunConfig c = RunConfig.builder().setPlain(Settings.DROPOUT, 0.25).setPlain(Settings.HIDDEN_ACT, "ReLU").build();
        assertEquals(Settings.ALL.stream().map(Setting::key).toList(), List.copyOf(c.toMap().keySet()));
        assertEquals(0.25f, c.toMap().get("dropout"));
        assertEquals("relu", c.toMap().get("hidden_act"));
        assertEquals(5e-4, c.toMap().get("lr"));
    }

    @Test
    void aBadValueNamesItsSettingAndWhatWasExpected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RunConfig.builder().setPlain(Settings.DROPOUT, 1.5f));
        assertEquals("dropout", e.setting());
        assertEquals("expected a probability in [0, 1), got 1.5", e.problem());
        e = assertThrows(InvalidSettingException.class, () -> RunConfig.builder().setPlain(Settings.HIDDEN_ACT, "none"));
        assertEquals("hidden_act: unknown activation 'none', expected one of tanh, sigmoid, relu", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> RunConfig.builder().setPlain(Settings.EPOCHS, "ten"));
        assertEquals("epochs: expected an integer, got ten", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> RunConfig.builder().setPlain(Settings.TOPOLOGY, "FC_5_XX_3"));
        assertEquals("topology", e.setting(), "a problem found by a parser of another package is still this setting's");
        e = assertThrows(InvalidSettingException.class,
                () -> RunConfig.builder().set(Settings.OUTPUT_ACT, Activation.TANH).build());
        assertEquals("loss/output_act", e.setting(), "settings that only fail together are named together");
        e = assertThrows(InvalidSettingException.class, () -> RunConfig.paperDefaults("FC_10", "drtp", 5e-4).withEpochs(0));
        assertEquals("epochs: expected a positive integer, got 0", e.getMessage(), "the record checks through the table too");
    }

    /**
     * Model files (org.drtp.model, which the train package builds on, so it cannot read the table) write the network
     * settings under the table's keys and texts: a model's metadata and a run's manifest agree.
     */
    @Test
    void modelMetadataUsesTheTablesKeysAndTexts() {
        RunConfig c = RunConfig.builder().set(Settings.TOPOLOGY, Topology.parse("CONV_2_3_1_1_FC_10"))
                .set(Settings.TRAIN_MODE, "sdfa").set(Settings.LOSS, Loss.MSE).set(Settings.OUTPUT_ACT, Activation.NONE)
                .set(Settings.HIDDEN_ACT, Activation.RELU).set(Settings.CONV_ACT, Activation.SIGMOID)
                .set(Settings.DROPOUT, 0.3f).build();
        Network net = Network.build(c.topology(), new Shape(1, 8, 8), c.network(), new Rng(1));
        Map<String, String> meta = ModelFile.metadata(new ModelFile.Model(net, LearningRules.create(c.trainMode()), c.loss(),
                Normalization.identity(), 10));
        for (Setting<?> s : List.of(Settings.TOPOLOGY, Settings.TRAIN_MODE, Settings.LOSS, Settings.HIDDEN_ACT,
                Settings.OUTPUT_ACT, Settings.CONV_ACT, Settings.DROPOUT)) {
            assertEquals(String.valueOf(c.plain(s)), meta.get(s.key()), s.key());
        }
    }

    @Test
    void earlyStoppingIsThreeSettingsNormalisedWhenOff() {
        RunConfig off = RunConfig.builder().set(Settings.EARLY_STOP_ON, EarlyStopping.Monitor.TEST)
                .set(Settings.VALIDATION_SPLIT, 0.3).build();
        assertEquals(EarlyStopping.NONE, off.earlyStopping());
        RunConfig on = RunConfig.builder().set(Settings.EARLY_STOP_PATIENCE, 5).set(Settings.VALIDATION_SPLIT, 0.3).build();
        assertEquals(EarlyStopping.onValidation(5, 0.3), on.earlyStopping());
        assertEquals(0.3, on.get(Settings.VALIDATION_SPLIT));
        RunConfig test = on.with(Settings.EARLY_STOP_ON, EarlyStopping.Monitor.TEST);
        assertEquals(EarlyStopping.onTest(5), test.earlyStopping(), "the split is unused on the test set");
        assertFalse(Settings.VALIDATION_SPLIT.isDefault(on));
        assertTrue(Settings.VALIDATION_SPLIT.isDefault(test));
    }
}
