package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

    private static final TrainTest DATA = new TrainTest(TestNets.argmaxDataset("train", 200, 6, 3, 1),
            TestNets.argmaxDataset("test", 50, 6, 3, 2));

    @TempDir
    Path dir;

    private static RunConfig config(String rule, int epochs) {
        return new RunConfig(Topology.parse("FC_12_FC_10_FC_3"), rule, "adam", 5e-3, Loss.BCE, epochs, 16, 1, 5,
                NetworkOptions.defaults().withDropout(0.2f), false);
    }

    private Checkpoints store(RunConfig c) {
        return new Checkpoints(dir, c.fingerprint("argmax"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bp", "drtp", "sdfa"})
    void aResumedRunEndsWithTheSameWeightsBitForBit(String rule) {
        var straight = config(rule, 5).runTrial(DATA, 0, List.of());
        config(rule, 2).runTrial(DATA, 0, List.of(), store(config(rule, 2)));
        assertTrue(Files.exists(store(config(rule, 2)).file(0)));
        var resumed = config(rule, 5).runTrial(DATA, 0, List.of(), store(config(rule, 5)));
        Map<String, float[]> a = TestNets.snapshot(straight.network());
        Map<String, float[]> b = TestNets.snapshot(resumed.network());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
        assertEquals(5, resumed.result().epochs().size(), "the history includes the restored epochs");
        assertEquals(straight.result().epochs().get(4).testLoss(), resumed.result().epochs().get(4).testLoss());
        assertEquals(straight.result().epochs().get(1).testLoss(), resumed.result().epochs().get(1).testLoss());
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        config("drtp", 1).runTrial(DATA, 0, List.of(), store(config("drtp", 1)));
        RunConfig other = config("dfa", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.runTrial(DATA, 0, List.of(), store(other)));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void aFinishedTrialIsNotTrainedAgain() {
        config("bp", 2).runTrial(DATA, 0, List.of(), store(config("bp", 2)));
        int[] batches = {0};
        var again = config("bp", 2).runTrial(DATA, 0, List.of(new TrainingListener() {
            @Override
            public void onBatchEnd(int trial, int epoch, int batch, int perEpoch, double loss) {
                batches[0]++;
            }
        }), store(config("bp", 2)));
        assertEquals(0, batches[0]);
        assertEquals(2, again.result().epochs().size());
    }

    /** Rewrites trial 0's checkpoint with one metadata field or tensor changed. */
    private void damage(String metaKey, String metaValue, String tensor, org.drtp.io.SafeTensors.Tensor value)
            throws java.io.IOException {
        Path f = store(config("drtp", 2)).file(0);
        var c = org.drtp.io.SafeTensors.read(f);
        var meta = new java.util.LinkedHashMap<>(c.metadata());
        var tensors = new java.util.LinkedHashMap<>(c.tensors());
        if (metaKey != null) {
            meta.put(metaKey, metaValue);
        }
        if (tensor != null) {
            tensors.put(tensor, value);
        }
        org.drtp.io.SafeTensors.write(f, meta, tensors);
    }

    @Test
    void anEpochThatDisagreesWithTheRecordedMetricsIsADataErrorNamingTheFile() throws Exception {
        config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2)));
        damage("epoch", "1", null, null); // two epochs of metrics recorded
        var e = assertThrows(org.drtp.data.DataException.class,
                () -> config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2))));
        assertTrue(e.getMessage().contains("checkpoint") && e.getMessage().contains("epoch 1 does not match its 2"),
                e.getMessage());
    }

    @Test
    void anAllZeroGeneratorStateIsADataErrorNamingTheTensor() throws Exception {
        config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2)));
        String rng = org.drtp.io.SafeTensors.read(store(config("drtp", 2)).file(0)).tensors().keySet().stream()
                .filter(k -> k.startsWith("rng.")).findFirst().orElseThrow();
        damage(null, null, rng, org.drtp.io.SafeTensors.Tensor.i64(new int[] {4}, new long[4]));
        var e = assertThrows(org.drtp.data.DataException.class,
                () -> config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2))));
        assertTrue(e.getMessage().contains(rng + " is not a valid generator state"), e.getMessage());
    }

    @Test
    void theLastTwoCheckpointsAreKeptAndADamagedLatestOneIsNeverResumedFrom() throws Exception {
        config("drtp", 3).runTrial(DATA, 0, List.of(), store(config("drtp", 3)));
        Checkpoints c = store(config("drtp", 4));
        assertEquals(3, c.completedEpochs(0));
        assertTrue(Files.exists(c.previousFile(0)));
        byte[] b = Files.readAllBytes(c.file(0));
        b[b.length - 5] ^= 0x40; // one flipped bit in the last tensor
        Files.write(c.file(0), b);

        Checkpoints.Damaged e = assertThrows(Checkpoints.Damaged.class, () -> c.completedEpochs(0));
        assertEquals(2, e.previousEpoch(), "the previous checkpoint (epoch 2) is intact");
        assertTrue(e.getMessage().startsWith(c.file(0) + ": damaged"), e.getMessage());
        assertThrows(Checkpoints.Damaged.class, () -> config("drtp", 4).runTrial(DATA, 0, List.of(), c));

        // Allowed to, the run continues from epoch 2 and ends as an uninterrupted 4-epoch run.
        List<String> notes = new java.util.ArrayList<>();
        Checkpoints fallback = new Checkpoints(dir, config("drtp", 4).fingerprint("argmax"), true, notes::add);
        var resumed = config("drtp", 4).runTrial(DATA, 0, List.of(), fallback);
        var straight = config("drtp", 4).runTrial(DATA, 0, List.of());
        assertTrue(notes.get(0).contains("continuing from the previous checkpoint"), notes.toString());
        assertArrayEquals(TestNets.snapshot(straight.network()).get("layers.0.weight"),
                TestNets.snapshot(resumed.network()).get("layers.0.weight"));
    }

    @Test
    void resumingWithFewerEpochsThanDoneIsRefused() {
        config("drtp", 3).runTrial(DATA, 0, List.of(), store(config("drtp", 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2))));
        assertTrue(e.getMessage().contains("has 3 epochs done, more than the 2 asked for"), e.getMessage());
    }

    @Test
    void aCheckpointWithoutChecksumFromAnOlderDrtpStillResumesWithANote() throws Exception {
        config("drtp", 2).runTrial(DATA, 0, List.of(), store(config("drtp", 2)));
        Path f = store(config("drtp", 2)).file(0);
        Files.write(f, org.drtp.testing.Mutations.withoutChecksum(Files.readAllBytes(f)));
        Files.delete(store(config("drtp", 2)).previousFile(0));
        List<String> notes = new java.util.ArrayList<>();
        var resumed = config("drtp", 3).runTrial(DATA, 0, List.of(),
                new Checkpoints(dir, config("drtp", 3).fingerprint("argmax"), false, notes::add));
        assertEquals(3, resumed.result().epochs().size());
        assertTrue(notes.get(0).contains("has no checksum"), notes.toString());
    }
}
