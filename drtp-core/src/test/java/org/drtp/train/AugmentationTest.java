package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static final Shape SHAPE = new Shape(2, 2, 3);

    private static Dataset images(int n) {
        float[] x = new float[n * SHAPE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        int[] labels = new int[n];
        return Dataset.classification("img", SHAPE, x, labels, 2);
    }

    @Test
    void flipReversesEveryRowOfEveryChannelOrLeavesTheExampleAlone() {
        float[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] flipped = {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9};
        Rng rng = new Rng(3);
        int flips = 0;
        for (int i = 0; i < 1000; i++) {
            float[] y = x.clone();
            Augmentation.FLIP.apply(y, 0, SHAPE, rng);
            if (y[0] == 2) {
                assertArrayEquals(flipped, y);
                flips++;
            } else {
                assertArrayEquals(x, y);
            }
        }
        assertTrue(flips > 430 && flips < 570, "flip probability should be 0.5, got " + flips + "/1000");
    }

    @Test
    void batchLoaderAugmentsReproduciblyFromItsStreamAndNoneLeavesDataUntouched() {
        Dataset d = images(40);
        int[] order = BatchLoader.identity(40);
        BatchLoader a = new BatchLoader(d, 40, Augmentation.FLIP, new Rng(7));
        BatchLoader b = new BatchLoader(d, 40, Augmentation.FLIP, new Rng(7));
        BatchLoader plain = new BatchLoader(d, 40);
        a.load(order, 0);
        b.load(order, 0);
        plain.load(order, 0);
        assertArrayEquals(a.x(), b.x());
        int flipped = 0;
        for (int i = 0; i < 40; i++) {
            float first = a.x()[i * SHAPE.size()];
            assertEquals(d.feature(i, 0), plain.x()[i * SHAPE.size()]);
            if (first != d.feature(i, 0)) {
                flipped++;
                assertEquals(d.feature(i, 2), first);
            }
        }
        assertTrue(flipped > 5 && flipped < 35, "flipped " + flipped);
    }

    @Test
    void flipIsRefusedForFlatVectorsAndUnknownIdsAreNamed() {
        Dataset flat = Dataset.classification("tabular", Shape.vector(4), new float[8], new int[2], 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchLoader(flat, 2, Augmentation.FLIP, new Rng(1)));
        assertTrue(e.getMessage().contains("tabular"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Augmentation.fromId("crop"));
        assertTrue(u.getMessage().contains("none or flip"), u.getMessage());
    }

    @Test
    void anAugmentedConvRunResumedFromACheckpointEndsWithTheSameWeights(@org.junit.jupiter.api.io.TempDir
                                                                         java.nio.file.Path dir) {
        Shape shape = new Shape(1, 6, 6);
        Rng rng = new Rng(4);
        float[] x = new float[60 * 36];
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 36; j++) {
                x[i * 36 + j] = rng.nextFloat() + (j % 6 == labels[i] ? 1f : 0f);
            }
        }
        Dataset d = Dataset.classification("stripes", shape, x, labels, 3);
        TrainTest data = new TrainTest(d, d);
        RunConfig five = RunConfig.paperDefaults("CONV_2_3_1_1_FC_3", "bp", 1e-2).withEpochs(5)
                .withAugmentation(Augmentation.FLIP);
        RunConfig two = five.withEpochs(2);
        var straight = five.runTrial(data, 0, java.util.List.of());
        two.runTrial(data, 0, java.util.List.of(), new Checkpoints(dir, two.fingerprint("stripes")));
        var resumed = five.runTrial(data, 0, java.util.List.of(), new Checkpoints(dir, five.fingerprint("stripes")));
        for (int i = 0; i < straight.network().parameters().size(); i++) {
            assertArrayEquals(straight.network().parameters().get(i).value(), resumed.network().parameters().get(i).value());
        }
        assertTrue(five.fingerprint("stripes").contains("augment=flip"));
        assertTrue(!five.withAugmentation(Augmentation.NONE).fingerprint("stripes").contains("augment"));
    }

    @Test
    void trainerAugmentsTrainingBatchesOnlyAndStaysDeterministic() {
        Dataset train = images(12);
        TrainTest data = new TrainTest(train, images(6));
        RunConfig c = RunConfig.paperDefaults("CONV_2_1_1_0_FC_2", "drtp", 1e-3).withEpochs(2)
                .withAugmentation(Augmentation.FLIP);
        double e1 = c.runTrial(data, 0, java.util.List.of()).result().epochs().get(1).trainLoss();
        double e2 = c.runTrial(data, 0, java.util.List.of()).result().epochs().get(1).trainLoss();
        assertEquals(e1, e2);
        double none = c.withAugmentation(Augmentation.NONE).runTrial(data, 0, java.util.List.of()).result().epochs()
                .get(1).trainLoss();
        assertTrue(e1 != none, "augmentation had no effect on training");
    }
}
