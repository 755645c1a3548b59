package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.io.SafeTensors;
import org.drtp.tensor.Activation;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceTest {

    @TempDir
    Path dir;

    @Test
    void aNonFiniteLossStopsTrainingNamingTheEpochAndLayerAndKeepsTheLastGoodCheckpoint() {
        TrainTest data = new TrainTest(TestNets.argmaxDataset("train", 200, 6, 3, 1), TestNets.argmaxDataset("test", 50, 6, 3, 2));
        // Linear outputs, MSE and a huge step size: the weights overflow to infinity within a few epochs.
        RunConfig c = new RunConfig(Topology.parse("FC_8_FC_3"), "bp", "sgd", 1e3, Loss.MSE, 50, 20, 1, 1,
                NetworkOptions.defaults().withOutputActivation(Activation.NONE).withHiddenActivation(Activation.RELU), false);
        Checkpoints store = new Checkpoints(dir, c.fingerprint("argmax"));
        int[] lastGood = {0};
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> c.runTrial(data, 0,
                List.of(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m) {
                        lastGood[0] = m.epoch();
                    }
                }), store));
        assertTrue(e.getMessage().matches("training diverged in trial 1, epoch \\d+, batch \\d+: the loss is (NaN|Infinity).*"),
                e.getMessage());
        assertTrue(e.getMessage().contains("layer") || e.getMessage().contains("outputs overflowed"), e.getMessage());
        assertTrue(lastGood[0] > 0, "diverges after a good epoch: " + e.getMessage());
        {
            SafeTensors.Content kept = SafeTensors.read(store.file(0));
            assertEquals(Integer.toString(lastGood[0]), kept.metadata().get("epoch"));
            for (float v : kept.tensors().get("layers.0.weight").f32()) {
                assertTrue(Float.isFinite(v), "the checkpoint kept is the last good one");
            }
        }
    }
}
