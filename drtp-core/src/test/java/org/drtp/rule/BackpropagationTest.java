package org.drtp.rule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.random.Rng;
import org.drtp.tensor.Activation;
import org.drtp.testing.TestNets;
import org.drtp.testing.TestNets.Batch;
import org.drtp.train.TrainingStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BP's defining property: its gradients are the true gradients of the loss (central finite differences). */
class BackpropagationTest {

    @ParameterizedTest(name = "{0} loss, {1} hidden, {2} output")
    @CsvSource({"bce, tanh, sigmoid", "ce, tanh, none", "ce, relu, sigmoid", "mse, sigmoid, tanh", "mse, tanh, none"})
    void gradientsMatchFiniteDifferencesOfTheLoss(String lossId, String hidden, String output) {
        Loss loss = Loss.fromId(lossId);
        NetworkOptions opts = NetworkOptions.defaults().withHiddenActivation(Activation.fromId(hidden))
                .withOutputActivation(Activation.fromId(output));
        Network net = TestNets.net("FC_5_FC_4_FC_3", 6, opts, 7);
        Batch b = TestNets.batch(4, 6, 3, 11);
        TestNets.Capture capture = new TestNets.Capture();
        LearningRule bp = new Backpropagation();
        bp.initialise(net, new Rng(1));
        capture.init(net.parameters());
        new TrainingStep(net, bp, capture, loss, 4, new Rng(2), false).run(b.x(), b.targets(), b.labels(), b.n());

        double eps = 1e-2;
        double errNorm = 0, fdNorm = 0;
        for (Parameter p : net.parameters()) {
            float[] g = capture.grad(p);
            float[] w = p.value();
            for (int i = 0; i < w.length; i++) {
                float orig = w[i];
                w[i] = (float) (orig + eps);
                double plus = TestNets.loss(net, loss, b);
                w[i] = (float) (orig - eps);
                double minus = TestNets.loss(net, loss, b);
                w[i] = orig;
                double fd = (plus - minus) / (2 * eps);
                errNorm += (g[i] - fd) * (g[i] - fd);
                fdNorm += fd * fd;
            }
        }
        double rel = Math.sqrt(errNorm) / Math.sqrt(fdNorm);
        assertTrue(fdNorm > 0, "finite differences must see a gradient");
        assertTrue(rel < 2e-3, "relative gradient error " + rel);
    }
}
