package org.drtp.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.data.Dataset;
import org.junit.jupiter.api.Test;

/** The bench's online figures: the traffic model of the fused batch-1 step and a throughput that runs. */
class OnlineThroughputTest {

    private final Dataset data = BenchData.mnistShape(50, 3);

    @Test
    void anExampleMovesTheHiddenWeightsTwiceAndTheOutputWeightsThrice() {
        // FC_500_FC_10 on 784 inputs: W1 and b1 read and written once, W2 and b2 read by the forward pass and read
        // and written by the update, each layer's input read once: about 3.2 MB (docs/performance.md).
        long hidden = 2L * (784 * 500 + 500) + 784;
        long output = 3L * (500 * 10 + 10) + 500;
        assertEquals(Float.BYTES * (hidden + output), new OnlineThroughput(data, "FC_500_FC_10", "drtp", 0).bytesPerExample());
    }

    @Test
    void throughputIsMeasured() {
        assertTrue(new OnlineThroughput(data, "FC_20_FC_10", "drtp", 0).samplesPerSecond(40) > 0);
    }

    /** In sequences, through the data set past its end and with a last sequence shorter than the others. */
    @Test
    void throughputIsMeasuredInSequences() {
        OnlineThroughput t = new OnlineThroughput(data, "FC_400_FC_10", "drtp", 16);
        assertTrue(t.samplesPerSecond(70) > 0);
        assertTrue(t.samplesPerSecond(45) > 0);
    }
}
