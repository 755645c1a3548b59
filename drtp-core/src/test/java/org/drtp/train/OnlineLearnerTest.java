package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.drtp.data.Dataset;
import org.drtp.data.Normalization;
import org.drtp.model.ModelFile;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.testing.ChildJvm;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnlineLearnerTest {

    private static final Dataset DATA = TestNets.argmaxDataset("stream", 3000, 8, 4, 9);

    private static OnlineLearner learner(String rule, int microBatch) {
        Network net = TestNets.net("FC_32_FC_4", 8, NetworkOptions.defaults(), 1);
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        return new OnlineLearner(net, r, new Sgd(0.1, 0, false), Loss.BCE, microBatch, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"drtp", "bp", "dfa"})
    void prequentialPredictionsAreThoseOfTheNetworkBeforeTheUpdate(String rule) {
        OnlineLearner l = learner(rule, 1);
        float[] x = new float[8];
        for (int i = 0; i < 500; i++) {
            DATA.copyFeatures(i, x, 0);
            int before = l.predict(x);
            assertEquals(before, l.predictThenLearn(x, DATA.label(i)), "example " + i);
        }
    }

    @Test
    void learnsAStreamOneExampleAtATime() {
        OnlineLearner l = learner("drtp", 1);
        float[] x = new float[8];
        int correctLate = 0;
        for (int i = 0; i < DATA.size(); i++) {
            DATA.copyFeatures(i, x, 0);
            boolean ok = l.predictThenLearn(x, DATA.label(i)) == DATA.label(i);
            if (i >= 2000 && ok) {
                correctLate++;
            }
        }
        assertEquals(3000, l.examplesSeen());
        assertTrue(correctLate > 800, "accuracy over the last 1000 examples: " + correctLate / 10.0 + " %");
    }

    @Test
    void microBatchesTrainWhenFullAndOnFlush() {
        OnlineLearner l = learner("drtp", 4);
        float[] before = l.network().layer(0).weight().value().clone();
        float[] x = new float[8];
        for (int i = 0; i < 3; i++) {
            DATA.copyFeatures(i, x, 0);
            l.learn(x, DATA.label(i));
        }
        assertArrayEquals(before, l.network().layer(0).weight().value(), "3 of 4: no update yet");
        l.flush();
        assertTrue(!java.util.Arrays.equals(before, l.network().layer(0).weight().value()));
        assertEquals(3, l.examplesSeen());
    }

    /**
     * Measured in a fresh JVM in interpreted mode ({@code -Xint}) with the plain-Java kernels: every allocation
     * the code makes is then counted, whatever the JIT would compile or eliminate, so the figure is the same on
     * every run. (Vector API values that C2 fails to keep in registers are boxed: that is a speed matter, seen
     * with JMH's {@code -prof gc}, {@code drtp-bench/README.md}.)
     */
    @Test
    void learningAllocatesNothingPerExample() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint", "-Ddrtp.kernels=plain", "-cp", ChildJvm.classPath(AllocationProbe.class),
                AllocationProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        long bytes = Long.parseLong(last.substring(last.lastIndexOf(' ') + 1));
        assertTrue(bytes < 16, "not even one object per 3,000 examples (the smallest is 16 bytes): " + out);
    }

    @TempDir
    Path dir;

    @Test
    void aModelTrainedOfflineKeepsLearningAndIsSavedAgain() throws Exception {
        OnlineLearner first = learner("drtp", 1);
        float[] x = new float[8];
        for (int i = 0; i < 1000; i++) {
            DATA.copyFeatures(i, x, 0);
            first.learn(x, DATA.label(i));
        }
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, new ModelFile.Model(first.network(), first.rule(), Loss.BCE, Normalization.identity(), 4));
        ModelFile.Model m = ModelFile.load(f);
        OnlineLearner again = new OnlineLearner(m.network(), m.rule(), new Sgd(0.1, 0, false), Loss.BCE, 1, 3);
        DATA.copyFeatures(1000, x, 0);
        assertEquals(first.predict(x), again.predict(x), "the loaded model predicts as the saved one");
        for (int i = 1000; i < 2000; i++) {
            DATA.copyFeatures(i, x, 0);
            again.learn(x, DATA.label(i));
        }
        ModelFile.save(f, new ModelFile.Model(again.network(), again.rule(), Loss.BCE, Normalization.identity(), 4));
        assertArrayEquals(again.network().layer(0).weight().value(), ModelFile.load(f).network().layer(0).weight().value());
        assertArrayEquals(first.rule().feedbackMatrices().get(0).values(),
                ModelFile.load(f).rule().feedbackMatrices().get(0).values(), "the fixed feedback travels with the model");
    }
}
