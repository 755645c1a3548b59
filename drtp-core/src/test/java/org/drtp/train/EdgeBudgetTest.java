package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Adam;
import org.drtp.optim.Sgd;
import org.drtp.rule.LearningRules;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;

/** The edge budget of 4-5-3 against counts done by hand. */
class EdgeBudgetTest {

    private static EdgeBudget budget(String rule, boolean adam) {
        Network net = TestNets.net("FC_5_FC_3", 4, NetworkOptions.defaults(), 1);
        return EdgeBudget.of(net, LearningRules.create(rule), adam ? new Adam(1e-3) : new Sgd(1e-2, 0, false), Loss.BCE, 2);
    }

    @Test
    void weightsFeedbackAndMacsMatchHandCounts() {
        EdgeBudget drtp = budget("drtp", false);
        assertEquals(4 * (5 * 4 + 5) + 4 * (3 * 5 + 3), drtp.weightBytes());
        assertEquals(4 * 3 * 5, drtp.feedbackBytes(), "B_0 is classes x units = 3 x 5");
        assertEquals(4 * 5 + 5 * 3, drtp.forwardMacs());
        assertEquals(0, drtp.signalMacs(), "a one-hot target selects a row of B: no multiplication");
        assertEquals((20 + 5) + (15 + 3), drtp.updateMacs(), "dz^T x plus f'(z) for each layer");
        assertEquals(15, budget("dfa", false).signalMacs(), "e (3) times B_0 (3 x 5)");
        assertEquals(15, budget("bp", false).signalMacs(), "dz_1 (3) times W_1 (3 x 5)");
        assertEquals(4 * 3 * 5, budget("fa", false).feedbackBytes(), "B_1 has W_1's shape");
        assertEquals(0, budget("bp", false).feedbackBytes());
        assertEquals(15 + 3, budget("shallow", false).updateMacs(), "only the output layer learns");
    }

    @Test
    void optimizerStateCountsOnlyTrainedParameters() {
        // Adam: two moment arrays per parameter plus a one-float step count per parameter tensor.
        assertEquals(4 * ((20 * 2 + 1) + (5 * 2 + 1) + (15 * 2 + 1) + (3 * 2 + 1)), budget("bp", true).optimizerBytes());
        assertEquals(4 * ((15 * 2 + 1) + (3 * 2 + 1)), budget("shallow", true).optimizerBytes());
    }

    @Test
    void activationsAreTheStepsRealBuffers() {
        // Batch 2: BP keeps both layers' outputs (5 + 3 values per example); DRTP alternates two buffers sized
        // for the even and the odd layers, here the same 5 + 3.
        assertEquals(4 * 2 * (5 + 3), budget("bp", false).activationBytes());
        assertEquals(4 * 2 * (5 + 3), budget("drtp", false).activationBytes());
        Network deep = TestNets.net("FC_50_FC_50_FC_50_FC_50_FC_50_FC_3", 4, NetworkOptions.defaults(), 1);
        long bp = EdgeBudget.of(deep, LearningRules.create("bp"), new Sgd(1e-2, 0, false), Loss.BCE, 1).activationBytes();
        Network deep2 = TestNets.net("FC_50_FC_50_FC_50_FC_50_FC_50_FC_3", 4, NetworkOptions.defaults(), 1);
        long drtp = EdgeBudget.of(deep2, LearningRules.create("drtp"), new Sgd(1e-2, 0, false), Loss.BCE, 1).activationBytes();
        assertEquals(4 * (5 * 50 + 3), bp);
        assertEquals(4 * (50 + 50), drtp, "no buffer beyond the current layer's input and output");
        assertTrue(drtp < bp);
    }
}
