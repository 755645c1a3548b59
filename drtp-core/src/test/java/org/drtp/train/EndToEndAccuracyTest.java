package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real data, seconds: the embedded MNIST sample, 784-100-10, 3 epochs per rule. BP and DRTP must learn
 * digits, and shallow learning (hidden layer frozen at random) must be clearly worse than DRTP, as in the
 * paper. Thresholds leave about two points of margin over measured values.
 */
class EndToEndAccuracyTest {

    private static TrainTest data;

    @BeforeAll
    static void load() {
        data = DatasetCatalog.load("mnist-10k", null);
    }

    private static double testError(String rule) {
        RunConfig c = RunConfig.paperDefaults("FC_100_FC_10", rule, 5e-3).withEpochs(3);
        return c.runTrial(data, 0, List.of()).result().finalTestError();
    }

    @Test
    void bpAndDrtpLearnDigitsAndShallowLearningIsWorse() {
        double bp = testError("bp");
        double drtp = testError("drtp");
        double shallow = testError("shallow");
        String all = "bp " + bp + " %, drtp " + drtp + " %, shallow " + shallow + " %";
        assertTrue(bp < 11, all);
        assertTrue(drtp < 14, all);
        assertTrue(shallow > drtp + 4, all);
    }
}
