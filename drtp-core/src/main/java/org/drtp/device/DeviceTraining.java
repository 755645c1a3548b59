package org.drtp.device;

import java.util.function.Consumer;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.nn.Network;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.RunConfig;

/**
 * {@code drtp train --precision int8}: epochs of one-example-at-a-time integer DRTP (the device's arithmetic),
 * from the initial network and feedback a float run of the same config and trial would start from, the
 * examples shuffled per epoch from the same "shuffle" stream as the float {@code Trainer}.
 */
public final class DeviceTraining {

    /** One epoch: its prequential training error (predictions before each update) and the test error after it. */
    public record Epoch(int trial, int epoch, double trainErrorPercent, double testErrorPercent, double seconds,
                        long saturations) {
    }

    private DeviceTraining() {
    }

    /** Refuses (one line) what the device arithmetic cannot do: other optimizers, batches, rules or layers. */
    public static void check(RunConfig config) {
        if (!config.trainMode().equals("drtp") || !config.optimizer().equals("sgd") || config.batchSize() != 1) {
            throw new InvalidSettingException("precision", "integer training runs DRTP with plain sgd at batch size 1"
                    + " (got train mode " + config.trainMode() + ", optimizer " + config.optimizer() + ", batch size "
                    + config.batchSize() + ")");
        }
    }

    public static DeviceNetwork run(RunConfig config, TrainTest data, int trial, Quantizer quantizer,
                                    Consumer<Epoch> onEpoch) {
        check(config);
        Network net = config.buildNetwork(data, trial);
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, Rng.forComponent(config.seed(), trial, RandomStream.FEEDBACK));
        Quantizer.checkSupported(net, rule, config.loss(), data.train().normalization(), "--topology " + config.topology());
        DeviceNetwork dev = quantizer.quantize(net, rule, config.lr(), "--topology " + config.topology());
        Rng shuffle = Rng.forComponent(config.seed(), trial, RandomStream.SHUFFLE);
        Dataset train = data.train();
        int d = train.exampleSize();
        float[] x = new float[d];
        int[] raw = new int[d];
        int[] order = new int[train.size()];
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle.shuffle(order);
            long t0 = System.nanoTime();
            int errors = 0;
            for (int idx : order) {
                train.copyFeatures(idx, x, 0);
                Quantizer.toRaw(x, raw, d);
                if (dev.learn(raw, train.label(idx)) != train.label(idx)) {
                    errors++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double test = 100.0 - OnePass.testAccuracy(dev, data.test());
            onEpoch.accept(new Epoch(trial, epoch, 100.0 * errors / order.length, test, seconds, dev.saturations()));
        }
        return dev;
    }
}
