package org.drtp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drtp.data.DataException;
import org.drtp.data.Normalization;
import org.drtp.io.SafeTensors;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Activation;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelFileTest {

    @TempDir
    Path dir;

    private static ModelFile.Model model(String rule) {
        NetworkOptions o = NetworkOptions.defaults().withHiddenActivation(Activation.RELU).withDropout(0.1f);
        Network net = Network.build("FC_7_FC_6_FC_3", new Shape(1, 2, 2), o, new Rng(1));
        net.layer(0).setFrozen(true);
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        return new ModelFile.Model(net, r, Loss.BCE, Normalization.unitInterval(), 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bp", "fa", "dfa", "sdfa", "drtp", "shallow"})
    void savedModelsPredictExactlyAsTheOriginalAndKeepTheirFeedback(String rule) throws Exception {
        ModelFile.Model m = model(rule);
        Path f = dir.resolve(rule + ".safetensors");
        ModelFile.save(f, m);
        ModelFile.Model back = ModelFile.load(f);
        float[] x = {0.1f, 0.5f, -0.2f, 0.9f, 1f, 0f, 0.3f, 0.3f};
        assertArrayEquals(new Inference(m.network(), 2).run(x, 2).clone(), new Inference(back.network(), 2).run(x, 2).clone());
        assertEquals(rule, back.rule().id());
        assertEquals(m.rule().feedbackMatrices().size(), back.rule().feedbackMatrices().size());
        for (int i = 0; i < m.rule().feedbackMatrices().size(); i++) {
            FeedbackMatrix a = m.rule().feedbackMatrices().get(i);
            FeedbackMatrix b = back.rule().feedbackMatrices().get(i);
            assertArrayEquals(a.shape(), b.shape());
            assertArrayEquals(a.values(), b.values());
        }
        assertEquals(Normalization.unitInterval(), back.normalization());
        assertEquals(3, back.labelCount());
        assertEquals(0.1f, back.network().options().dropout());
        assertEquals(Activation.RELU, back.network().layer(0).activation());
        assertTrue(back.network().layer(0).isFrozen());
        assertTrue(!back.network().layer(1).isFrozen());
        assertEquals(new Shape(1, 2, 2), back.network().inputShape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fa", "drtp"})
    void convModelsRoundTripWithTheirKernelsFrozenFlagsAndConvFeedback(String rule) throws Exception {
        NetworkOptions o = NetworkOptions.defaults().withConvActivation(Activation.RELU);
        Network net = Network.build("CONV_3_3_1_1_CONV_4_3_2_1_FC_5_FC_3", new Shape(2, 9, 9), o, new Rng(1));
        net.setConvLayersFrozen(true);
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        ModelFile.Model m = new ModelFile.Model(net, r, Loss.BCE, org.drtp.data.Cifar10Format.normalization(), 3);
        Path f = dir.resolve("conv-" + rule + ".safetensors");
        ModelFile.save(f, m);
        ModelFile.Model back = ModelFile.load(f);
        float[] x = new float[2 * 162];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 17f;
        }
        assertArrayEquals(new Inference(net, 2).run(x, 2).clone(), new Inference(back.network(), 2).run(x, 2).clone());
        assertTrue(back.network().layer(0).isFrozen() && back.network().layer(1).isFrozen());
        assertEquals(Activation.RELU, back.network().layer(1).activation());
        assertEquals(org.drtp.data.Cifar10Format.normalization(), back.normalization());
        for (int i = 0; i < r.feedbackMatrices().size(); i++) {
            assertArrayEquals(r.feedbackMatrices().get(i).shape(), back.rule().feedbackMatrices().get(i).shape());
            assertArrayEquals(r.feedbackMatrices().get(i).values(), back.rule().feedbackMatrices().get(i).values());
        }
    }

    private byte[] mutate(String key, String value) {
        ModelFile.Model m = model("drtp");
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.metadata(m));
        if (value == null) {
            meta.remove(key);
        } else {
            meta.put(key, value);
        }
        return SafeTensors.encode(meta, ModelState.of(m.network(), m.rule()).tensors());
    }

    @Test
    void badMetadataIsNamedInTheError() {
        Object[][] cases = {
            {"format", "pytorch", "format is 'pytorch'"},
            {"format_version", "9", "version 9 is not supported"},
            {"topology", null, "missing metadata field 'topology'"},
            {"topology", "FC_99999999_FC_3", "holds only"},
            {"topology", "FC_7_FC_6_FC_4", "holds only"},
            {"topology", "FC_6_FC_7_FC_3", "expected F32 [6, 4]"},
            {"train_mode", "bp", "unexpected tensors [feedback.0, feedback.1]"},
            {"train_mode", "xyz", "unknown train mode"},
            {"input_shape", "4", "must be CxHxW"},
            {"label_count", "5", "does not match the 3 outputs"},
            {"label_count", "abc", "metadata field 'label_count' is 'abc', expected an integer"},
            {"dropout", "x", "metadata field 'dropout' is 'x', expected a finite number"},
            {"dropout", "NaN", "metadata field 'dropout' is 'NaN', expected a finite number"},
            {"input_normalization", "scale=NaN", "'NaN' is not a finite float"},
            {"input_normalization", "scale=0", "scale must be positive"}};
        for (Object[] c : cases) {
            byte[] b = mutate((String) c[0], (String) c[1]);
            DataException e = assertThrows(DataException.class,
                    () -> ModelFile.fromContent(SafeTensors.decode(b, "m.safetensors"), "m.safetensors"), c[0] + "=" + c[1]);
            assertTrue(e.getMessage().startsWith("m.safetensors: ") && e.getMessage().contains((String) c[2]), e.getMessage());
        }
    }

    @Test
    void nonFiniteWeightsAreRejectedWithTheirPosition() {
        ModelFile.Model m = model("bp");
        m.network().layer(1).weight().value()[5] = Float.NaN;
        byte[] b = SafeTensors.encode(ModelFile.metadata(m), ModelState.of(m.network(), m.rule()).tensors());
        DataException e = assertThrows(DataException.class,
                () -> ModelFile.fromContent(SafeTensors.decode(b, "m"), "m"));
        assertTrue(e.getMessage().contains("'layers.1.weight' holds NaN at index 5"), e.getMessage());
    }

    @Test
    void aModelFileFromBeforeChecksumsLoadsWithANote() throws Exception {
        ModelFile.Model m = model("drtp");
        Path f = dir.resolve("old.safetensors");
        ModelFile.save(f, m);
        java.nio.file.Files.write(f, org.drtp.testing.Mutations.withoutChecksum(java.nio.file.Files.readAllBytes(f)));
        java.util.List<String> notes = new java.util.ArrayList<>();
        ModelFile.Model back = ModelFile.load(f, notes::add);
        assertArrayEquals(m.network().layer(0).weight().value(), back.network().layer(0).weight().value());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).startsWith(f + " has no checksum"), notes.get(0));

        ModelFile.load(dir.resolve("old.safetensors"), notes::add);
        ModelFile.save(f, back);
        notes.clear();
        ModelFile.load(f, notes::add);
        assertTrue(notes.isEmpty(), "a file written now has a checksum: " + notes);
    }
}
