package org.drtp.device;

import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.train.Evaluation;
import org.drtp.train.OnlineLearner;

/**
 * The acceptance measurement of docs/on-device.md: one prequential pass over a training set in its stored
 * order (batch 1, plain SGD, DRTP), then the test accuracy, in float32 or in an integer precision, from the
 * same initial network (drawn as {@code drtp stream --topology} draws it from {@code seed}).
 *
 * @param precision  float32 or an integer precision
 * @param prequentialLast accuracy (%) of the predictions made before learning, over the last {@code lastN} examples
 * @param testAccuracy    accuracy (%) on the test set after the pass
 * @param saturations     integer weight updates that hit the bound (0 in float32)
 */
public record OnePass(String precision, double prequentialLast, double testAccuracy, long saturations) {

    /** Settings of a run: topology, learning rate, seed and the integer options. */
    public record Settings(String topology, double lr, long seed, Precision precision, DeviceNetwork.Feedback feedback,
                           int headroomBits, int lastN) {
    }

    /** The initial network and DRTP rule {@code drtp stream --topology T --seed S} starts from. */
    public static Network initialNetwork(String topology, Dataset train, long seed, LearningRule[] ruleOut) {
        Network net = Network.build(Topology.parse(topology), train.exampleShape(), NetworkOptions.defaults(),
                Rng.forComponent(seed, 0, RandomStream.INIT));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, Rng.forComponent(seed, 0, RandomStream.FEEDBACK));
        ruleOut[0] = rule;
        return net;
    }

    public static OnePass run(TrainTest data, Settings s) {
        LearningRule[] rule = new LearningRule[1];
        Network net = initialNetwork(s.topology(), data.train(), s.seed(), rule);
        Dataset train = data.train();
        int d = train.exampleSize();
        float[] x = new float[d];
        int hits = 0;
        int from = train.size() - s.lastN();
        if (!s.precision().isInteger()) {
            OnlineLearner learner = new OnlineLearner(net, rule[0], Optimizers.create("sgd", s.lr()), Loss.BCE, 1, s.seed());
            for (int i = 0; i < train.size(); i++) {
                train.copyFeatures(i, x, 0);
                int p = learner.predictThenLearn(x, train.label(i));
                if (i >= from && p == train.label(i)) {
                    hits++;
                }
            }
            Evaluation e = Evaluation.of(net, data.test(), Loss.BCE);
            return new OnePass(s.precision().id(), 100.0 * hits / s.lastN(), 100.0 - e.errorPercent(), 0);
        }
        DeviceNetwork dev = new Quantizer(s.precision(), s.feedback(), (int) s.seed(), s.headroomBits())
                .quantize(net, rule[0], s.lr(), s.topology());
        int[] raw = new int[d];
        for (int i = 0; i < train.size(); i++) {
            train.copyFeatures(i, x, 0);
            Quantizer.toRaw(x, raw, d);
            int p = dev.learn(raw, train.label(i));
            if (i >= from && p == train.label(i)) {
                hits++;
            }
        }
        return new OnePass(s.precision().id(), 100.0 * hits / s.lastN(), testAccuracy(dev, data.test()), dev.saturations());
    }

    /** Accuracy (%) of an integer network on a dataset of [0, 1]-scaled inputs. */
    public static double testAccuracy(DeviceNetwork dev, Dataset test) {
        int d = test.exampleSize();
        float[] x = new float[d];
        int[] raw = new int[d];
        int ok = 0;
        for (int i = 0; i < test.size(); i++) {
            test.copyFeatures(i, x, 0);
            Quantizer.toRaw(x, raw, d);
            if (dev.predict(raw) == test.label(i)) {
                ok++;
            }
        }
        return 100.0 * ok / test.size();
    }
}
