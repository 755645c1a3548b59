package org.drtp.device;

import java.util.Objects;
import org.drtp.data.DataException;
import org.drtp.train.Learner;

/**
 * {@link Learner} over a {@link DeviceNetwork}: takes inputs normalised to [0, 1] (the model's 1/255 scaling),
 * turns them back into the device's raw uint8 values and learns one example at a time, bit for bit as the
 * exported C does. The precision setting of {@code drtp stream} and {@code drtp train}.
 */
public final class DeviceLearner implements Learner {

    private final DeviceNetwork net;
    private final int[] raw;
    private long seen;

    public DeviceLearner(DeviceNetwork net) {
        this.net = Objects.requireNonNull(net, "net");
        this.raw = new int[net.inputs()];
    }

    public DeviceNetwork network() {
        return net;
    }

    @Override
    public void learn(float[] input, int label) {
        predictThenLearn(input, label);
    }

    @Override
    public int predict(float[] input) {
        check(input);
        Quantizer.toRaw(input, raw, raw.length);
        return net.predict(raw);
    }

    @Override
    public int predictThenLearn(float[] input, int label) {
        check(input);
        Quantizer.toRaw(input, raw, raw.length);
        int p = net.learn(raw, label);
        seen++;
        return p;
    }

    private void check(float[] input) {
        if (input.length < raw.length) {
            throw new DataException("example has " + input.length + " values, the network expects " + raw.length);
        }
    }

    @Override
    public int inputSize() {
        return raw.length;
    }

    @Override
    public void flush() {
        // every example is learned at once
    }

    @Override
    public long examplesSeen() {
        return seen;
    }
}
