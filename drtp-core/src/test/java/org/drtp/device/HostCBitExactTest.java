package org.drtp.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.nn.Network;
import org.drtp.rule.LearningRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exported C, compiled with the host's gcc, and the Java reference learn the same 2,000-example stream
 * of the embedded MNIST sample: the same prediction at every step (before each update), the same
 * predictions on 500 test digits afterwards, and byte-identical learned state (docs/on-device.md).
 */
class HostCBitExactTest {

    static final int STREAM = 2000;
    static final int TEST = 500;
    static TrainTest data;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        data = DatasetCatalog.load("mnist-10k", null);
    }

    @ParameterizedTest
    @CsvSource({"FC_100_FC_10, int8, STORED, 0.1", "FC_32_FC_16_FC_10, int16, SEED, 0.05", "FC_24_FC_10, int8-nearest, SEED, 0.3"})
    void hostCMatchesJavaBitForBit(String topology, String precision, String feedback, double lr) throws Exception {
        Assumptions.assumeTrue(gccAvailable(), "gcc not found on PATH: skipping the host-C bit-exactness test (install gcc)");
        LearningRule[] rule = new LearningRule[1];
        Network net = OnePass.initialNetwork(topology, data.train(), 7, rule);
        DeviceNetwork java = new Quantizer(Precision.parse(precision), DeviceNetwork.Feedback.valueOf(feedback), 1234,
                Quantizer.DEFAULT_HEADROOM_BITS).quantize(net, rule[0], lr, topology);
        DeviceNetwork fresh = new Quantizer(Precision.parse(precision), DeviceNetwork.Feedback.valueOf(feedback), 1234,
                Quantizer.DEFAULT_HEADROOM_BITS).quantize(net, rule[0], lr, topology);
        Path src = dir.resolve("export");
        CExport.write(java, src, Map.of("topology", topology));
        try (InputStream in = HostCBitExactTest.class.getResourceAsStream("host_harness.c")) {
            Files.write(src.resolve("host_harness.c"), in.readAllBytes());
        }
        Path exe = dir.resolve("learner");
        run(src, "gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror", "-o", exe.toString(),
                "host_harness.c", "drtp_learner.c", "drtp_model.c");
        Path train = dir.resolve("train.bin");
        Path test = dir.resolve("test.bin");
        List<int[]> trainX = records(data.train(), STREAM, train);
        List<int[]> testX = records(data.test(), TEST, test);
        Path preds = dir.resolve("predictions.bin");
        Path state = dir.resolve("state.bin");
        run(dir, exe.toString(), train.toString(), preds.toString(), test.toString(), state.toString());

        byte[] c = Files.readAllBytes(preds);
        assertEquals(STREAM + TEST, c.length, "predictions written by the C harness");
        int correct = 0;
        for (int i = 0; i < STREAM; i++) {
            int p = java.learn(trainX.get(i), data.train().label(i));
            assertEquals(p, c[i], "prediction before learning example " + i);
            correct += p == data.train().label(i) ? 1 : 0;
        }
        for (int i = 0; i < TEST; i++) {
            assertEquals(java.predict(testX.get(i)), c[STREAM + i], "prediction of test example " + i);
        }
        byte[] cState = Files.readAllBytes(state);
        assertArrayEquals(java.saveState(), cState, "learned state after " + STREAM + " examples");
        assertEquals(java.stateSize(), cState.length);
        assertTrue(correct > 3 * STREAM / 10, "the stream is learned, well above chance (" + correct + " of " + STREAM + " prequential hits)");
        fresh.loadState(cState); // Java reads the device's bytes
        assertArrayEquals(cState, fresh.saveState());
    }

    /**
     * The RAM and flash figures export-c prints (and inspect shows) equal the sizes the compiler gives the
     * symbols of the compiled sources (nm -S): RAM = every data and bss symbol, flash constants = every read-only
     * symbol except the layer descriptor table (whose size depends on the pointer width).
     */
    @ParameterizedTest
    @CsvSource({"FC_100_FC_10, int8, STORED", "FC_32_FC_16_FC_10, int16, SEED"})
    void figuresAreTheCompiledSymbolSizes(String topology, String precision, String feedback) throws Exception {
        Assumptions.assumeTrue(gccAvailable(), "gcc not found on PATH: skipping the exported-size test (install gcc)");
        LearningRule[] rule = new LearningRule[1];
        Network net = OnePass.initialNetwork(topology, data.train(), 7, rule);
        DeviceNetwork dev = new Quantizer(Precision.parse(precision), DeviceNetwork.Feedback.valueOf(feedback), 1,
                Quantizer.DEFAULT_HEADROOM_BITS).quantize(net, rule[0], 0.1, topology);
        Path src = dir.resolve("export");
        CExport.Figures f = CExport.write(dev, src, Map.of("topology", topology));
        run(src, "gcc", "-std=c99", "-O2", "-c", "drtp_learner.c", "drtp_model.c");
        Process p = new ProcessBuilder("nm", "-S", "drtp_model.o", "drtp_learner.o").directory(src.toFile()).start();
        String nm = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        long ram = 0;
        long constants = 0;
        for (String line : nm.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length != 4 || t[3].equals("drtp_layers")) {
                continue; // the descriptor table is const, but with pointers it may land in relocated data
            }
            long size = Long.parseLong(t[1], 16);
            if ("bBdD".contains(t[2])) {
                ram += size;
            } else if ("rR".contains(t[2])) {
                constants += size;
            }
        }
        assertEquals(f.ramBytes(), ram, "static RAM\n" + nm);
        assertEquals(f.constBytes(), constants, "flash constants\n" + nm);
        assertEquals(dev.stateSize(), f.stateBytes());
    }

    /** Writes n examples as the harness reads them (raw bytes, then the label) and returns the raw inputs. */
    static List<int[]> records(Dataset d, int n, Path file) throws IOException {
        int size = d.exampleSize();
        float[] x = new float[size];
        byte[] out = new byte[n * (size + 1)];
        List<int[]> raws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.copyFeatures(i, x, 0);
            int[] raw = new int[size];
            Quantizer.toRaw(x, raw, size);
            for (int j = 0; j < size; j++) {
                out[i * (size + 1) + j] = (byte) raw[j];
            }
            out[i * (size + 1) + size] = (byte) d.label(i);
            raws.add(raw);
        }
        Files.write(file, out);
        return raws;
    }

    static boolean gccAvailable() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void run(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
    }
}
