package org.drtp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.drtp.data.DataException;
import org.drtp.data.IdxFile;
import org.drtp.data.LabelledStream;
import org.drtp.data.MnistFormat;
import org.drtp.data.Normalization;
import org.drtp.device.DeviceLearner;
import org.drtp.device.DeviceModelFile;
import org.drtp.device.DeviceModels;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import org.drtp.io.SafeTensors;
import org.drtp.loss.Loss;
import org.drtp.model.ModelFile;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.optim.Optimizers;
import org.drtp.random.RandomStream;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Shape;
import org.drtp.train.Learner;
import org.drtp.train.OnlineLearner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drtp stream}: online learning on a stream of labelled examples with prequential evaluation (each
 * example is first predicted, then learned from). Prints a rolling accuracy and the throughput; saves the model
 * at the end of the stream and on SIGINT/SIGTERM, after the examples in progress (those read together: at most
 * {@link #BURST}, a few milliseconds of learning).
 */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn online from a stream of labelled examples, predicting each one before learning from it.",
                "Input: CSV lines (features, then the integer label last) from a file or standard input, or IDX image and",
                "label files. The model is saved at the end of the stream and when the process is interrupted."})
public final class StreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "Continue learning with this saved model.")
    Path model;

    @Option(names = "--topology", paramLabel = "LAYERS",
            description = "Start from a new network instead, e.g. FC_500_FC_10 (input size taken from the data).")
    String topology;

    @Option(names = "--train-mode", paramLabel = "RULE", defaultValue = "drtp",
            description = "Learning rule for a new network (default drtp; a --model keeps its own).")
    String trainMode;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "-",
            description = "CSV file, '-' for standard input (default), or an IDX images file (with --labels).")
    Path input;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file going with an IDX --input.")
    Path labels;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd", description = "Optimizer (default sgd).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "Learning rate (default 0.01).")
    double lr;

    @Option(names = "--micro-batch", paramLabel = "N", defaultValue = "1", description = "Examples per update (default 1).")
    int microBatch;

    @Option(names = "--input-scale", paramLabel = "S", defaultValue = "1",
            description = "New network: multiply raw CSV values by S (e.g. 0.00392156862745098 for 0..255 pixels)."
                    + " With an integer --precision, CSV values must be integers 0..255 (scaled by 1/255 as the device does).")
    float inputScale;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000", description = "Rolling accuracy window (default 1000).")
    int window;

    @Option(names = "--report-every", paramLabel = "N", defaultValue = "1000", description = "Print a line every N examples.")
    int reportEvery;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Where to save the model (default: the --model file itself, or drtp-stream.safetensors).")
    Path save;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed for a new network's weights.")
    long seed;

    @Option(names = "--overwrite", description = "Let --save replace an existing file other than the --model being"
            + " continued (by default refused).")
    boolean overwrite;

    @Mixin
    DeviceFlags.Learning device;

    private volatile boolean stop;

    /**
     * Most examples learned in one {@link Learner#learnSequence} call: those already at hand (a file, or the lines a
     * pipe holds) go together, which online DRTP learns faster, with the same updates (docs/performance.md, "Online
     * learning from a sequence"); an example still to come is never waited for before the ones at hand are learned.
     */
    static final int BURST = 512;

    /** Input values a burst holds at most (4 MB): wide examples go in shorter bursts. */
    private static final int BURST_VALUES = 1 << 20;

    /** {@code runLoop}'s mark for "no example read ahead" (next returns -1 at the end). */
    private static final int NOT_READ = -2;

    @Override
    public Integer call() throws IOException {
        if ((model == null) == (topology == null)) {
            throw new Errors.UsageException("give either --model FILE (continue a saved model) or --topology LAYERS (new network)");
        }
        positive("--micro-batch", microBatch);
        positive("--window", window);
        positive("--report-every", reportEvery);
        if (model != null) { // a saved model keeps its rule and its input normalisation
            Errors.refuseGiven(spec, List.of("--train-mode", "--input-scale"), "only for a new network (--topology);"
                    + " --model " + model + " keeps its own");
        }
        Precision prec = precision();
        DeviceFlags.checkIntegerOnly(spec, prec);
        checkInputScale(prec);
        Path target = save != null ? save : model != null ? model : Path.of("drtp-stream.safetensors");
        if (model != null && sameFile(target, model) && prec.isInteger() && !DeviceModelFile.isDeviceModel(SafeTensors.read(model))) {
            // the device model learned from a float --model is another kind of file: it must not replace the float one
            throw new Errors.UsageException("--model " + model + " is a float model and --precision " + prec + " saves a"
                    + " device model: give --save FILE for it (the float model is not replaced)");
        }
        if (model != null && sameFile(target, model)) {
            Outputs.checkFile(target, "--save"); // continuing a model saves it back: that is the point
        } else {
            Outputs.checkNewFile(target, "--save", overwrite, ", continue it with --model " + target);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (prec.isInteger()) {
            return streamOnDevice(prec, target, out, err);
        }
        ModelFile.Model loaded = model != null ? Inputs.floatModel(model, err, "add --precision with its precision") : null;
        try (LabelledStream stream = openStream(loaded)) {
            float[] x = new float[LabelledStream.MAX_INPUTS];
            int first = stream.next(x);
            if (first < 0) {
                throw new DataException(input + ": no examples");
            }
            int d = stream.inputSize();
            ModelFile.Model m = loaded != null ? loaded : newModel(d);
            if (d != m.network().inputShape().size()) {
                throw new DataException(input + ": examples have " + d + " values, the model expects "
                        + m.network().inputShape().size());
            }
            Normalization norm = normalizationFor(m);
            Memory.require("--micro-batch " + microBatch + " with topology " + m.network().topology(),
                    Memory.trainingBytes(m.network().topology(), m.network().inputShape(), microBatch));
            OnlineLearner learner = new OnlineLearner(m.network(), m.rule(), Optimizers.create(optimizer, lr), m.loss(),
                    microBatch, seed);
            return runLoop(learner, stream, x, first, norm, m.network().inputShape(), m.network().outputSize(), out, err,
                    target, () -> ModelFile.save(target, new ModelFile.Model(m.network(), m.rule(), m.loss(),
                            m.normalization(), m.labelCount())), () -> null);
        }
    }

    /** Whether {@code a} and {@code b} name one file (the same path written two ways, or links to one file). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    /** Saves the learned model. */
    private interface Saver {
        void save() throws IOException;
    }

    /**
     * The prequential loop, shared by both arithmetics: predict then learn each example, print the rolling
     * accuracy, save at the end of the stream and on SIGINT/SIGTERM (after the examples in progress).
     */
    private int runLoop(Learner learner, LabelledStream stream, float[] x, int first, Normalization norm, Shape shape,
                        int classes, PrintWriter out, PrintWriter err, Path target, Saver saver,
                        java.util.function.Supplier<String> note) throws IOException {
        Prequential stats = new Prequential(window);
        ReentrantLock lock = new ReentrantLock();
        boolean[] saved = {false};
        boolean[] saveFailed = {false};
        Runnable saveNow = () -> {
            lock.lock();
            try {
                if (!saved[0]) {
                    learner.flush();
                    saver.save();
                    saved[0] = true;
                    err.println("saved model (" + learner.examplesSeen() + " examples learned) to " + target);
                    err.flush();
                }
            } catch (IOException e) {
                // The message names the file and the reason; the exit status says it too (below).
                saveFailed[0] = true;
                err.println("drtp stream: model not saved: " + e.getMessage());
                err.flush();
            } finally {
                lock.unlock();
            }
        };
        Thread hook = new Thread(() -> {
            stop = true;
            saveNow.run();
        }, "drtp-stream-save");
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        int d = shape.size();
        int most = Math.max(1, Math.min(BURST, BURST_VALUES / d));
        float[] burst = new float[most * d];
        int[] labels = new int[most];
        int[] predictions = new int[most];
        try {
            int label = first; // the example in x, read and not yet taken; NOT_READ: none read
            while (label != -1 && !stop) {
                if (label == NOT_READ) {
                    label = stream.next(x); // waits for the source
                    continue;
                }
                // Take the example in x and those the source already holds, up to BURST; an example that turns out
                // bad (its label, or a line that does not parse) ends the burst, and is reported once the examples
                // before it are learned, as one example at a time would.
                int count = 0;
                RuntimeException bad = null;
                try {
                    while (label >= 0) {
                        if (label >= classes) {
                            throw new DataException(input + ": label " + label + " at example "
                                    + (stats.seen() + count + 1) + ", the model has " + classes + " classes");
                        }
                        norm.apply(x, 0, shape);
                        System.arraycopy(x, 0, burst, count * d, d);
                        labels[count++] = label;
                        label = count < most && stream.ready() ? stream.next(x) : NOT_READ;
                    }
                } catch (RuntimeException e) {
                    bad = e;
                }
                lock.lock();
                try {
                    if (stop) {
                        break;
                    }
                    if (count > 0) {
                        learner.learnSequence(burst, labels, count, predictions);
                    }
                } finally {
                    lock.unlock();
                }
                for (int t = 0; t < count; t++) {
                    stats.add(predictions[t] == labels[t]);
                    if (stats.seen() % reportEvery == 0) {
                        out.println(stats.line(System.nanoTime() - start));
                    }
                }
                out.flush();
                if (bad != null) {
                    throw bad;
                }
            }
        } finally {
            saveNow.run(); // also when the stream turns bad: what was learned so far is kept
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it found the model saved
            }
        }
        if (saveFailed[0]) {
            out.println(stats.line(System.nanoTime() - start) + "  (stream ended; the model was NOT saved)");
            out.flush();
            return Errors.DATA;
        }
        out.println(stats.line(System.nanoTime() - start) + (stop ? "  (interrupted)" : "  (end of stream)"));
        String n = note.get();
        if (n != null) {
            err.println(n);
            err.flush();
        }
        out.flush();
        return 0;
    }

    /**
     * --input-scale must be a positive number; at an integer precision the CSV values are the device's raw 0..255
     * inputs, always scaled by 1/255 (docs/on-device.md), so a scale is accepted only when it says exactly that.
     */
    private void checkInputScale(Precision prec) {
        if (!(inputScale > 0) || !Float.isFinite(inputScale)) {
            throw new Errors.UsageException("--input-scale: expected a positive number, got " + inputScale);
        }
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--input-scale");
        if (prec.isInteger() && given && Math.abs(inputScale * 255f - 1f) > 1e-6f) {
            throw new Errors.UsageException("--input-scale " + inputScale + ": --precision " + prec + " learns from raw"
                    + " integer pixels 0..255 scaled by 1/255 (0.00392156862745098); leave --input-scale out");
        }
    }

    /**
     * CSV values at an integer precision are the device's raw inputs (docs/on-device.md): every one must be an
     * integer in 0..255, or the example is refused (never rounded or clamped), naming the example and column.
     */
    private LabelledStream rawPixels(LabelledStream s, Precision prec) {
        return new LabelledStream() {
            private long examples;

            @Override
            public int inputSize() {
                return s.inputSize();
            }

            @Override
            public boolean ready() {
                return s.ready();
            }

            @Override
            public void close() {
                s.close();
            }

            @Override
            public int next(float[] x) {
                int label = s.next(x);
                if (label >= 0) {
                    examples++;
                    for (int j = 0, d = s.inputSize(); j < d; j++) {
                        float v = x[j];
                        if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                            throw new DataException(source() + ": example " + examples + ", column " + (j + 1) + ": value "
                                    + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString(v))
                                    + " is not an integer in 0..255 (--precision " + prec + " learns from raw pixel values)");
                        }
                    }
                }
                return label;
            }
        };
    }

    private String source() {
        return Inputs.isStdin(input) ? "standard input" : input.toString();
    }

    private Precision precision() {
        Precision p = device.precision.or(Precision.FLOAT32);
        if (p.isInteger() && (!isPlainSgd(optimizer) || microBatch != 1)) {
            throw new Errors.UsageException("--precision " + p + ": the device learns with plain sgd at micro-batch 1"
                    + " (got --optimizer " + optimizer + ", --micro-batch " + microBatch + ")");
        }
        return p;
    }

    /** True for plain SGD (the reference's spelling SGD means momentum, docs/semantics.md). */
    private boolean isPlainSgd(String id) {
        try {
            return Optimizers.create(id, lr).id().equals("sgd");
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException("--optimizer: " + (e instanceof InvalidSettingException s ? s.problem() : e.getMessage()));
        }
    }

    /** The integer path: the same loop, on a {@link DeviceLearner}; saves a device model. */
    private Integer streamOnDevice(Precision prec, Path target, PrintWriter out, PrintWriter err) throws IOException {
        DeviceNetwork.Feedback fb = device.feedback.mode();
        DeviceModelFile.Loaded loaded = model != null
                ? DeviceModels.open(model, new DeviceModels.Settings(prec, lr, fb, (int) seed, device.headroomBits.value))
                : null;
        try (LabelledStream opened = openStream(null);
             LabelledStream stream = labels != null ? opened : rawPixels(opened, prec)) {
            float[] x = new float[LabelledStream.MAX_INPUTS];
            int first = stream.next(x);
            if (first < 0) {
                throw new DataException(input + ": no examples");
            }
            int d = stream.inputSize();
            if (loaded == null) {
                ModelFile.Model m = newModel(d);
                Quantizer.checkSupported(m.network(), m.rule(), m.loss(), m.normalization(), "--topology " + topology);
                DeviceNetwork net = new Quantizer(prec, fb, (int) seed, device.headroomBits.value)
                        .quantize(m.network(), m.rule(), lr, "--topology " + topology);
                loaded = new DeviceModelFile.Loaded(net, m.network().topology().toString());
            }
            DeviceNetwork net = loaded.network();
            if (d != net.inputs()) {
                throw new DataException(input + ": examples have " + d + " values, the model expects " + net.inputs());
            }
            // device inputs are raw 0..255 values: IDX images arrive scaled to [0, 1], CSV values raw (checked above)
            Normalization norm = labels != null ? Normalization.identity() : Normalization.unitInterval();
            DeviceLearner learner = new DeviceLearner(net);
            String topo = loaded.topology();
            return runLoop(learner, stream, x, first, norm, Shape.vector(net.inputs()), net.classes(), out, err, target,
                    () -> DeviceModelFile.save(target, net, topo),
                    () -> net.saturations() > 0 ? String.format(Locale.ROOT, "note: %d weight updates saturated (%s)",
                            net.saturations(), net.precision()) : null);
        }
    }

    private LabelledStream openStream(ModelFile.Model m) throws IOException {
        if (labels != null) {
            Inputs.checkFile(labels, "--labels", "an IDX labels file");
            Inputs.checkFile(input, "--input", "an IDX images file");
            IdxFile labelFile = IdxFile.read(labels); // read once: it may be a pipe
            return LabelledStream.of(MnistFormat.dataset(input.toString(), IdxFile.read(input), labelFile),
                    identity(labelFile.dims()[0]), null);
        }
        BufferedReader r;
        if (Inputs.isStdin(input)) {
            r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        } else {
            Path p = input;
            Inputs.checkFile(p, "--input", "a CSV or IDX file");
            // Decided by content, not by name: IDX data needs its labels file. FileInputStream, not
            // Files.newInputStream: the latter seeks, which fails on a pipe such as <(...).
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(new java.io.FileInputStream(p.toFile()), 1 << 16);
            if (IdxFile.looksLikeIdx(in)) {
                in.close();
                throw new Errors.UsageException("--input " + input + " holds IDX data, not CSV: give its labels with --labels FILE");
            }
            r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
        }
        return LabelledStream.csv(r, source());
    }

    /** IDX images arrive already scaled to [0, 1]; CSV values are raw and get the model's (or --input-scale) scaling. */
    private Normalization normalizationFor(ModelFile.Model m) {
        return labels != null ? Normalization.identity() : m.normalization();
    }

    private ModelFile.Model newModel(int inputs) {
        Topology topo;
        LearningRule rule;
        try {
            topo = Topology.parse(topology);
            rule = LearningRules.create(trainMode);
        } catch (InvalidSettingException e) {
            throw new Errors.UsageException((e.getMessage().startsWith("topology") ? "--topology: " : "--train-mode: ")
                    + e.problem());
        }
        Shape shape = labels != null ? new Shape(1, 28, 28) : Shape.vector(inputs);
        if (shape.size() != inputs) {
            shape = Shape.vector(inputs);
        }
        Memory.require("--topology " + topo + " on " + shape + " inputs", Memory.trainingBytes(topo, shape, 1));
        Network net = Network.build(topo, shape, NetworkOptions.defaults(), Rng.forComponent(seed, 0, RandomStream.INIT));
        rule.initialise(net, Rng.forComponent(seed, 0, RandomStream.FEEDBACK));
        Normalization norm = labels != null ? Normalization.unitInterval() : new Normalization(inputScale, null, null);
        return new ModelFile.Model(net, rule, Loss.BCE, norm, net.outputSize());
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void positive(String flag, int v) {
        if (v <= 0) {
            throw new Errors.UsageException(flag + ": expected a positive integer, got " + v);
        }
    }

    /**
     * Rolling and cumulative accuracy of test-then-train predictions. The window's outcomes are bits that grow
     * with the examples seen, not an array of the window's size up front: {@code --window 2147483647} on a short
     * stream costs nothing, on an endless one at most 256 MB.
     */
    static final class Prequential {
        private final java.util.BitSet ring = new java.util.BitSet();
        private final int window;
        private int ringHits;
        private long seen;
        private long hits;

        Prequential(int window) {
            this.window = window;
        }

        void add(boolean correct) {
            int slot = (int) (seen % window);
            if (seen >= window && ring.get(slot)) {
                ringHits--;
            }
            ring.set(slot, correct);
            if (correct) {
                ringHits++;
                hits++;
            }
            seen++;
        }

        long seen() {
            return seen;
        }

        double rolling() {
            return 100.0 * ringHits / Math.min(seen, window);
        }

        double cumulative() {
            return 100.0 * hits / seen;
        }

        String line(long nanos) {
            return String.format(Locale.ROOT, "examples %d  rolling accuracy %.2f %% (last %d)  cumulative %.2f %%  %.0f examples/s",
                    seen, rolling(), Math.min(seen, window), cumulative(), seen / (nanos / 1e9));
        }
    }
}
