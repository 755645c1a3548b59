package org.drtp.cli.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.device.CExport;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.OnePass;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import org.drtp.nn.Network;
import org.drtp.rule.LearningRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of docs/on-device.md: the learner `drtp export-c` writes, fed 2,000 embedded MNIST digits
 * to learn prequentially and 500 to predict, makes the Java integer path's prediction at every step and ends
 * with its state bytes, compiled for the host and, where Debian's Arm toolchain and QEMU are installed (.ci/run
 * installs them), as Cortex-M4 firmware run in the emulator.
 */
class ExportedLearnerOnDeviceTest {

    private static final int LEARN = 2000;
    private static final int TEST = 500;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} feedback {2}")
    @CsvSource({"FC_100_FC_10, int8, STORED", "FC_32_FC_32_FC_10, int16, SEED"})
    void javaHostCAndCortexM4AgreeBitForBit(String topology, String precision, DeviceNetwork.Feedback feedback)
            throws IOException {
        TrainTest all = DatasetCatalog.load("mnist-10k", null);
        TrainTest data = new TrainTest(all.train().slice("train", 0, LEARN), all.test().slice("test", 0, TEST));
        LearningRule[] rule = new LearningRule[1];
        Network net = OnePass.initialNetwork(topology, data.train(), 7, rule);
        DeviceNetwork device = new Quantizer(Precision.parse(precision), feedback, 7, Quantizer.DEFAULT_HEADROOM_BITS)
                .quantize(net, rule[0], 0.01, topology);
        Path learner = dir.resolve("learner");
        CExport.write(device, learner, Map.of("topology", topology));

        ExampleStream.Source source = ExampleStream.Source.trainThenTest(data);
        Path stream = dir.resolve("stream.bin");
        ExampleStream.write(stream, device.inputs(), 1, LEARN, TEST, source);
        byte[] predictions = DeviceCheck.learnInJava(device, source, LEARN, TEST);
        int hits = 0;
        for (int i = 0; i < LEARN; i++) {
            hits += predictions[i] == source.label(i) ? 1 : 0;
        }
        // Well above chance (10 %): the stream exercises real updates, not a network stuck on one class.
        assertTrue(hits > LEARN / 4, "the integer network learns: " + hits + " / " + LEARN);

        Toolchain toolchain = Toolchain.fromPath();
        DeviceCheck check = DeviceCheck.run(toolchain, learner, stream, predictions, device.saveState(), dir.resolve("work"));
        assertEquals(-1, DeviceCheck.firstDifference(check.host(), predictions), "host C vs Java: first differing step");
        assertArrayEquals(device.saveState(), check.host().state(), "host C vs Java: final state");
        assertEquals(hits, check.host().figure("learn_correct"));

        assumeTrue(toolchain.hasArm(), "Cortex-M4 part skipped: " + toolchain.missingArmMessage());
        HarnessRun m4 = check.emulated().orElseThrow();
        assertEquals(-1, DeviceCheck.firstDifference(m4, predictions), "Cortex-M4 vs Java: first differing step");
        assertArrayEquals(device.saveState(), m4.state(), "Cortex-M4 vs Java: final state");
        assertTrue(check.bitExact());

        // Learning costs more than predicting, but stays within the 3x (docs/on-device.md).
        assertTrue(m4.instructionsPerLearn() > m4.instructionsPerPredict()
                && m4.instructionsPerLearn() < 3 * m4.instructionsPerPredict(),
                m4.instructionsPerLearn() + " vs " + m4.instructionsPerPredict());
        // The learned weights live in RAM; the exported initial values are constants in flash.
        FirmwareSize size = check.firmware().orElseThrow();
        long weights = device.layers().stream().mapToLong(l -> (long) l.weights().length * device.precision().weightBits() / 8
                + 4L * l.biases().length).sum();
        assertEquals(weights, size.learnerBytes(".rodata", s -> s.matches("[wb]\\d+_init")));
        assertTrue(size.ramBytes() > weights && size.ramBytes() < weights + 16 * 1024, "RAM " + size.ramBytes());
    }
}
