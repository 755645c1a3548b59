package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.MnistFormat;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Optimizers;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRules;
import org.junit.jupiter.api.Test;

/**
 * Real data end to end with a conv topology: 3,000 Fashion-MNIST training images (the Debian package
 * dataset-fashion-mnist, which .ci/run installs; skipped when absent), CONV_8_5_1_2_FC_10, Adam, 3 epochs,
 * evaluated on 1,000 test images. BP with trained kernels and DRTP with frozen ones must both learn the
 * clothes (chance is 90 % error); measured 19.9 % and 21.1 % (mean of the 3 epochs), thresholds leave 10-14 points.
 */
class FashionMnistConvTest {

    private static double testError(TrainTest data, String rule, boolean freezeConv) {
        Network net = Network.build("CONV_8_5_1_2_FC_10", data.train().exampleShape(), NetworkOptions.defaults(),
                new Rng(1));
        net.setConvLayersFrozen(freezeConv);
        Trainer t = Trainer.builder().epochs(3).batchSize(60).seed(42).evaluateTrainSet(false).build();
        return t.fit(net, LearningRules.create(rule), Optimizers.create("adam", 5e-3), Loss.BCE, data, 0).finalTestError();
    }

    @Test
    void bpAndFrozenConvDrtpLearnFashionMnistThroughAConvLayer() {
        assumeTrue(MnistFormat.isPresent(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist is not installed");
        TrainTest all = DatasetCatalog.load("fashion-mnist", null);
        TrainTest data = new TrainTest(all.train().slice("fashion/train-3k", 0, 3000), all.test().slice("fashion/test-1k", 0, 1000));
        double bp = testError(data, "bp", false);
        double drtp = testError(data, "drtp", true);
        String both = "bp " + bp + " %, drtp (frozen conv) " + drtp + " %";
        assertTrue(bp < 30, both);
        assertTrue(drtp < 35, both);
    }
}
