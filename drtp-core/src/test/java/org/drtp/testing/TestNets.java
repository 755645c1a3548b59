package org.drtp.testing;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizer;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;

/** Small networks, batches and a gradient-capturing optimizer for tests. */
public final class TestNets {

    private TestNets() {
    }

    public static Network net(String topology, int inputs, NetworkOptions options, long seed) {
        return Network.build(topology, Shape.vector(inputs), options, new Rng(seed));
    }

    /** A random batch: inputs uniform in [0, 1), labels uniform over the classes. */
    public record Batch(float[] x, float[] targets, int[] labels, int n) {
    }

    public static Batch batch(int n, int inputs, int classes, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] labels = new int[n];
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
            t[i * classes + labels[i]] = 1f;
        }
        return new Batch(x, t, labels, n);
    }

    /** A separable classification dataset: class = index of the largest of the first {@code classes} inputs. */
    public static Dataset argmaxDataset(String name, int size, int inputs, int classes, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[size * inputs];
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            int best = 0;
            for (int j = 0; j < inputs; j++) {
                x[i * inputs + j] = r.nextFloat();
                if (j < classes && x[i * inputs + j] > x[i * inputs + best]) {
                    best = j;
                }
            }
            y[i] = best;
        }
        return Dataset.classification(name, Shape.vector(inputs), x, y, classes);
    }

    /** Copies of every parameter value, by name. */
    public static Map<String, float[]> snapshot(Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            m.put(p.name(), p.value().clone());
        }
        return m;
    }

    /** Mean loss of the network on a batch, in inference mode (no dropout). */
    public static double loss(Network net, Loss loss, Batch b) {
        float[] y = new org.drtp.nn.Inference(net, b.n()).run(b.x(), b.n());
        return loss.mean(y, b.targets(), b.n(), net.outputSize());
    }

    /** An optimizer that records each gradient it is given and never changes the weights. */
    public static final class Capture implements Optimizer {
        public final Map<Parameter, float[]> grads = new IdentityHashMap<>();
        public final List<Parameter> order = new ArrayList<>();

        @Override
        public String id() {
            return "capture";
        }

        @Override
        public double learningRate() {
            return 0;
        }

        @Override
        public void init(List<Parameter> parameters) {
            grads.clear();
            order.clear();
        }

        @Override
        public void step(Parameter p) {
            grads.put(p, p.grad().clone());
            order.add(p);
        }

        @Override
        public void reset() {
        }

        @Override
        public Map<String, float[]> state() {
            return Map.of();
        }

        public float[] grad(Parameter p) {
            return grads.get(p);
        }
    }
}
