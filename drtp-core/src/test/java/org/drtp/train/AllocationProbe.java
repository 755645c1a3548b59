package org.drtp.train;

import java.lang.management.ManagementFactory;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.optim.Sgd;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.testing.TestNets;

/**
 * Child-JVM probe for {@link OnlineLearnerTest} (run with {@code -Xint}): prints the bytes allocated by 3,000
 * online examples after the first few.
 */
public final class AllocationProbe {

    private static final int EXAMPLES = 3_000;

    private AllocationProbe() {
    }

    public static void main(String[] args) {
        Dataset data = TestNets.argmaxDataset("stream", 3000, 8, 4, 9);
        Network net = TestNets.net("FC_32_FC_4", 8, NetworkOptions.defaults(), 1);
        LearningRule r = LearningRules.create("drtp");
        r.initialise(net, new Rng(2));
        OnlineLearner l = new OnlineLearner(net, r, new Sgd(0.1, 0, false), Loss.BCE, 1, 3);
        float[] x = new float[8];
        for (int i = 0; i < 100; i++) { // first use: lazily sized buffers, class initialisation
            int k = i % data.size();
            data.copyFeatures(k, x, 0);
            l.predictThenLearn(x, data.label(k));
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long start = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < EXAMPLES; i++) {
            int k = i % data.size();
            data.copyFeatures(k, x, 0);
            l.predictThenLearn(x, data.label(k));
        }
        System.out.println("bytes allocated by " + EXAMPLES + " examples: " + (mx.getThreadAllocatedBytes(tid) - start));
    }
}
