package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.drtp.cli.device.DeviceCheck;
import org.drtp.cli.device.ExampleStream;
import org.drtp.cli.device.Firmware;
import org.drtp.cli.device.FirmwareSize;
import org.drtp.cli.device.HarnessRun;
import org.drtp.cli.device.Toolchain;
import org.drtp.cli.output.Json;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.device.CExport;
import org.drtp.device.DeviceModels;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.OnePass;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.Topology;
import org.drtp.rule.LearningRule;
import org.drtp.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drtp device-demo}: from a network to a Cortex-M4 that learns, on the embedded MNIST sample. Quantises the
 * network drawn from the seed, exports it as C ({@code drtp export-c}), learns one prequential pass in the Java
 * integer path, in the host-compiled C and in the firmware under QEMU, and prints the accuracies beside float32
 * Java's, the firmware's flash and RAM and the instructions per learned example and per prediction
 * (docs/on-device.md).
 */
@Command(name = "device-demo", mixinStandardHelpOptions = true, defaultValueProvider = DeviceDemoCommand.Defaults.class,
        description = {"Quantise and export a network, build it into Cortex-M4 firmware, let it learn the embedded MNIST",
                "sample in QEMU (mps2-an386), and compare with float32 Java: accuracy, flash, RAM, instructions per example.",
                "Needs a host C compiler; the Cortex-M4 part needs Debian's " + Toolchain.ARM_PACKAGES + "."})
public final class DeviceDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "T", defaultValue = "FC_100_FC_10",
            description = "Fully-connected layers ending in FC_10 (default FC_100_FC_10, 784 inputs); the firmware must fit"
                    + " the board's 4 MiB of flash and 4 MiB of RAM (checked before building).")
    String topology;

    @Mixin
    DeviceOptions device;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the initial network (42).")
    long seed;

    @Option(names = "--train", paramLabel = "N", defaultValue = "8000",
            description = "Training digits learned prequentially, in their stored order (default all 8000).")
    int train;

    @Option(names = "--test", paramLabel = "N", defaultValue = "2000",
            description = "Test digits predicted after the pass, 1..2000 (default all 2000).")
    int test;

    @Option(names = "--json", description = "Last line of standard output: the figures as one JSON object.")
    boolean json;

    /**
     * The demo learns at lr 0.1, the rate docs/on-device.md chose for float32 and measures both arithmetics at
     * (section 8), rather than the shared option's default for exports.
     */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec o && o.longestName().equals("--lr") ? "0.1" : null;
        }
    }

    /** Prequential accuracy is reported over the last this many learned examples (the acceptance). */
    private static final int LAST = 2000;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeviceModels.Settings settings = device.settings();
        Precision p = settings.precision() != null ? settings.precision() : Precision.INT8;
        TrainTest all = DatasetCatalog.load("mnist-10k", null);
        if (train <= 0 || train > all.train().size()) {
            throw new Errors.UsageException("--train: expected 1.." + all.train().size() + ", got " + train);
        }
        if (test <= 0 || test > all.test().size()) {
            // 0 would leave the test accuracies without a single digit behind them
            throw new Errors.UsageException("--test: expected 1.." + all.test().size() + ", got " + test);
        }
        TrainTest data = new TrainTest(all.train().slice(all.train().name(), 0, train),
                all.test().slice(all.test().name(), 0, test));
        int last = Math.min(LAST, train);

        // The integer network first: a bad topology, an unquantisable network or one the board cannot hold stops
        // here, before any work.
        Topology layers = Topology.parse(topology);
        Trainer.checkOutputs(layers, Network.outputUnits(layers, data.train().exampleShape()), data.train(), "mnist-10k");
        LearningRule[] rule = new LearningRule[1];
        Network initial = OnePass.initialNetwork(topology, data.train(), seed, rule);
        Quantizer.checkSupported(initial, rule[0], Loss.BCE, data.train().normalization(), "--topology " + topology);
        DeviceNetwork network = new Quantizer(p, settings.feedback(), settings.feedbackSeed(), settings.headroomBits())
                .quantize(initial, rule[0], settings.lr(), topology);
        Firmware.Need need = Firmware.need(CExport.figures(network), network.inputs());
        if (!need.fits()) {
            throw new Errors.UsageException(String.format(Locale.ROOT, "--topology %s: its %s firmware would need about"
                    + " %,d bytes of flash and %,d bytes of RAM; the board (QEMU mps2-an386) has %,d of flash and %,d of"
                    + " RAM: choose a smaller network", topology, p.id(), need.flashBytes(), need.ramBytes(),
                    Firmware.FLASH_BYTES, Firmware.RAM_BYTES));
        }
        Toolchain toolchain = Toolchain.fromPath();
        if (toolchain.hostCc().isEmpty()) {
            err.println("drtp device-demo: " + Toolchain.NO_HOST_CC);
            return Errors.DATA;
        }
        if (!toolchain.hasArm()) {
            err.println("device-demo: " + toolchain.missingArmMessage() + "; running the Java and host-C parts only");
        }

        Path work = Files.createTempDirectory("drtp-device-demo-");
        try {
            Path export = work.resolve("learner");
            CExport.write(network, export, Map.of("version", VersionProvider.version(), "topology", topology,
                    "source", "drtp device-demo --seed " + seed));
            Path stream = work.resolve("stream.bin");
            ExampleStream.Source digits = ExampleStream.Source.trainThenTest(data);
            ExampleStream.write(stream, network.inputs(), 1, train, test, digits);
            byte[] javaPredictions = DeviceCheck.learnInJava(network, digits, train, test);
            byte[] javaState = network.saveState();

            out.println(String.format(Locale.ROOT, "drtp device-demo: %s, DRTP in %s (feedback %s), one prequential"
                    + " pass over %d MNIST digits (batch 1, SGD, lr %s), then %d test digits", topology, p.id(),
                    settings.feedback().name().toLowerCase(Locale.ROOT), train, settings.lr(), test));
            OnePass flt = OnePass.run(data, new OnePass.Settings(topology, settings.lr(), seed, Precision.FLOAT32,
                    settings.feedback(), settings.headroomBits(), last));
            DeviceCheck check = DeviceCheck.run(toolchain, export, stream, javaPredictions, javaState, work);
            Map<String, Object> figures = figures(p, settings, flt, javaPredictions, data, last, check);
            print(out, figures, check, javaPredictions, last);
            if (json) {
                out.println(Json.line(figures));
            }
            // A disagreement with the Java reference is a failure; a missing toolchain is not (said above).
            boolean agreed = check.hostExact() && (check.emulated().isEmpty() || check.emulatedExact());
            return agreed ? 0 : Errors.DATA;
        } catch (IllegalStateException e) {
            // the exported code is not integer-only, or a tool vanished: one line, as for any data error
            err.println("drtp device-demo: " + e.getMessage());
            return Errors.DATA;
        } finally {
            deleteTree(work);
        }
    }

    private Map<String, Object> figures(Precision p, DeviceModels.Settings settings, OnePass flt, byte[] javaPredictions, TrainTest data, int last,
                                        DeviceCheck check) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("topology", topology);
        f.put("precision", p.id());
        f.put("feedback", settings.feedback().name().toLowerCase(Locale.ROOT));
        f.put("lr", settings.lr());
        f.put("seed", seed);
        f.put("train_examples", train);
        f.put("test_examples", test);
        f.put("float_prequential_accuracy", round2(flt.prequentialLast()));
        f.put("int_prequential_accuracy", round2(accuracy(javaPredictions, data, train - last, train)));
        f.put("float_test_accuracy", round2(flt.testAccuracy()));
        f.put("int_test_accuracy", round2(accuracy(javaPredictions, data, train, train + test)));
        FirmwareSize size = check.firmware().orElse(null);
        HarnessRun m4 = check.emulated().orElse(null);
        f.put("firmware_ram_bytes", size == null ? null : size.ramBytes());
        f.put("firmware_code_bytes", size == null ? null : size.flashBytes() - initialWeightBytes(size));
        f.put("firmware_flash_bytes", size == null ? null : size.flashBytes());
        f.put("initial_weight_bytes", size == null ? null : initialWeightBytes(size));
        f.put("learner_code_bytes", size == null ? null : size.learnerCodeBytes());
        f.put("stack_bytes_used", m4 == null ? null : m4.figure("stack_bytes"));
        f.put("instructions_per_learn", m4 == null ? null : Math.round(m4.instructionsPerLearn()));
        f.put("instructions_per_predict", m4 == null || test == 0 ? null : Math.round(m4.instructionsPerPredict()));
        f.put("host_c_bit_exact", check.hostExact());
        f.put("emulated", m4 != null);
        f.put("bit_exact", check.bitExact());
        return f;
    }

    /** The exported initial weights and biases ({@code w<k>_init}, {@code b<k>_init}: constants in flash). */
    static long initialWeightBytes(FirmwareSize size) {
        return size.learnerBytes(".rodata", s -> s.matches("[wb]\\d+_init"));
    }

    /** Accuracy (%) of predictions[from, to) against the stream's labels. */
    private static double accuracy(byte[] predictions, TrainTest data, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        int learn = data.train().size();
        int hits = 0;
        for (int i = from; i < to; i++) {
            int label = i < learn ? data.train().label(i) : data.test().label(i - learn);
            hits += predictions[i] == label ? 1 : 0;
        }
        return 100.0 * hits / (to - from);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void print(PrintWriter out, Map<String, Object> f, DeviceCheck check, byte[] javaPredictions,
                              int last) {
        out.println(String.format(Locale.ROOT, "%-34s %10s %10s", "", "float32", f.get("precision")));
        out.println(String.format(Locale.ROOT, "%-34s %10.2f %10.2f", "prequential accuracy, last " + last + " (%)",
                f.get("float_prequential_accuracy"), f.get("int_prequential_accuracy")));
        out.println(String.format(Locale.ROOT, "%-34s %10.2f %10.2f", "test accuracy after the pass (%)",
                f.get("float_test_accuracy"), f.get("int_test_accuracy")));
        out.println("host C (gcc): " + (check.hostExact() ? "same predictions at every step and same final state as"
                + " the Java integer path" : "DIFFERS from the Java integer path at example "
                + DeviceCheck.firstDifference(check.host(), javaPredictions) + " or in the final state"));
        if (check.emulated().isEmpty()) {
            out.println("Cortex-M4: not run (no toolchain; see the message above)");
            return;
        }
        out.println("Cortex-M4 (QEMU mps2-an386): " + (check.emulatedExact() ? "bit-exact with Java and host C"
                : "DIFFERS from the Java integer path at example "
                + DeviceCheck.firstDifference(check.emulated().get(), javaPredictions) + " or in the final state"));
        out.println(String.format(Locale.ROOT, "firmware: RAM %,d bytes; flash %,d bytes = %,d code and constants + %,d"
                        + " initial weights (learner code alone %,d); stack used %,d", f.get("firmware_ram_bytes"),
                f.get("firmware_flash_bytes"), f.get("firmware_code_bytes"), f.get("initial_weight_bytes"),
                f.get("learner_code_bytes"), f.get("stack_bytes_used")));
        Object learn = f.get("instructions_per_learn");
        Object predict = f.get("instructions_per_predict");
        out.println(String.format(Locale.ROOT, "instructions per learned example %,d, per prediction %s%s", learn,
                predict == null ? "-" : String.format(Locale.ROOT, "%,d", predict), predict == null ? ""
                        : String.format(Locale.ROOT, " (learn/predict %.2f)", (double) (Long) learn / (Long) predict)));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
