package org.drtp.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.drtp.random.Rng;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;

/**
 * A feed-forward network: a chain of {@link Layer}s whose last one is the fully-connected output layer
 * and whose others are "hidden" layers in the paper's sense (each receives a learning signal).
 *
 * <p>Build one from a topology string with {@link #build}. Shapes are checked before anything is
 * allocated, so a bad topology fails fast with a message naming the layer. The network knows no layer kind: each
 * {@link LayerSpec} computes its shapes and parameter count and builds its layer ({@code docs/architecture.md}).
 */
public final class Network {

    private final Topology topology;
    private final Shape inputShape;
    private final NetworkOptions options;
    private final List<Layer> layers;

    private Network(Topology topology, Shape inputShape, NetworkOptions options, List<Layer> layers) {
        this.topology = topology;
        this.inputShape = inputShape;
        this.options = options;
        this.layers = Collections.unmodifiableList(layers);
    }

    /**
     * Builds and initialises a network (PyTorch default initialisation, FC weights zeroed with
     * {@code fcZeroInit}).
     *
     * @param inputShape shape of one input example; FC layers flatten it
     * @param initRng    the stream the initial weights are drawn from
     */
    public static Network build(Topology topology, Shape inputShape, NetworkOptions options, Rng initRng) {
        List<Shape> shapes = checkShapes(topology, inputShape);
        List<Layer> layers = new ArrayList<>();
        int last = topology.size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec spec = topology.layers().get(i);
            try {
                layers.add(spec.build("layers." + i, shapes.get(i), options, i == last, initRng));
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException e) { // e.g. a parameter larger than a Java array: the topology's fault
                throw atLayer(topology, i, spec, e);
            }
        }
        return new Network(topology, inputShape, options, layers);
    }

    /** Convenience: parse, build and initialise. */
    public static Network build(String topology, Shape inputShape, NetworkOptions options, Rng initRng) {
        return build(Topology.parse(topology), inputShape, options, initRng);
    }

    /**
     * The input shape of every layer, and the network output last; throws if a layer cannot take its input
     * (e.g. a kernel larger than the padded image).
     */
    public static List<Shape> checkShapes(Topology topology, Shape inputShape) {
        List<Shape> shapes = new ArrayList<>();
        Shape s = inputShape;
        for (int i = 0; i < topology.size(); i++) {
            shapes.add(s);
            LayerSpec spec = topology.layers().get(i);
            try {
                s = spec.outputShape(s);
            } catch (IllegalArgumentException e) {
                throw atLayer(topology, i, spec, e);
            }
        }
        shapes.add(s);
        return shapes;
    }

    /** {@code problem}, said of layer {@code i} (0-based) of {@code topology}, as the topology's fault. */
    private static InvalidSettingException atLayer(Topology topology, int i, LayerSpec spec, IllegalArgumentException problem) {
        return new InvalidSettingException("topology '" + topology + "', layer " + (i + 1) + " (" + spec.token() + "): "
                + problem.getMessage(), problem);
    }

    /** Units of the network's output on inputs of {@code inputShape}, checked as {@link #checkShapes}; allocates nothing. */
    public static int outputUnits(Topology topology, Shape inputShape) {
        List<Shape> shapes = checkShapes(topology, inputShape);
        return shapes.get(shapes.size() - 1).size();
    }

    /**
     * Number of parameters the topology has on inputs of {@code inputShape}, computed without allocating
     * anything (lets a model loader check a file's claims before building).
     */
    public static long parameterCount(Topology topology, Shape inputShape) {
        List<Shape> shapes = checkShapes(topology, inputShape);
        long total = 0;
        for (int i = 0; i < topology.size(); i++) {
            total += topology.layers().get(i).parameterCount(shapes.get(i));
        }
        return total;
    }

    public Topology topology() {
        return topology;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public NetworkOptions options() {
        return options;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int k) {
        return layers.get(k);
    }

    /** Number of layers, the output layer included. */
    public int depth() {
        return layers.size();
    }

    public Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /** Width of the output (number of classes or regression targets). */
    public int outputSize() {
        return outputLayer().outputShape().size();
    }

    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) {
            ps.addAll(l.parameters());
        }
        return ps;
    }

    /** The parameter named {@code name} (e.g. {@code layers.0.weight}); throws naming the ones there are. */
    public Parameter parameter(String name) {
        List<Parameter> ps = parameters();
        for (Parameter p : ps) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("network " + topology + " has no parameter '" + name + "'; it has "
                + ps.stream().map(Parameter::name).toList());
    }

    /**
     * Largest per-example width of the values passed between layers: the input and every layer's output (a conv
     * layer's larger pre-pooling map stays in its own workspace).
     */
    public int maxWidth() {
        int w = inputShape.size();
        for (Layer l : layers) {
            w = Math.max(w, l.outputShape().size());
        }
        return w;
    }

    /**
     * Freezes or unfreezes every convolutional layer, i.e. every {@linkplain LayerSpec#spatial() spatial} one (the
     * paper's "CONV (random)" setting).
     */
    public void setConvLayersFrozen(boolean frozen) {
        for (int i = 0; i < layers.size(); i++) {
            if (topology.layers().get(i).spatial()) {
                layers.get(i).setFrozen(frozen);
            }
        }
    }

    /** One line per layer. */
    public String describe() {
        StringBuilder sb = new StringBuilder("input " + inputShape);
        for (Layer l : layers) {
            sb.append(" -> ").append(l.describe());
        }
        return sb.toString();
    }
}
