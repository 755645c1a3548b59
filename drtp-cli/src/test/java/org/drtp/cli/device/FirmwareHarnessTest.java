package org.drtp.cli.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware harness on its own, with a stand-in learner (test resources: an integer perceptron behind the
 * export-c header) whose Java twin below is the oracle: the host build must predict and end exactly as the twin
 * does on 2,000 + 500 embedded MNIST digits, and the emulated Cortex-M4 exactly as the host. Also: the
 * instruction counter measures a known loop, counts the same twice, and the integer-only check catches float.
 */
class FirmwareHarnessTest {

    private static final int LEARN = 2000;
    private static final int TEST = 500;
    private static final int N = 784;
    private static final int CLASSES = 10;

    @TempDir
    static Path dir;

    static Path learner;
    static Path stream;
    static Toolchain toolchain = Toolchain.fromPath();

    @BeforeAll
    static void streamAndLearner() throws IOException {
        learner = Files.createDirectories(dir.resolve("standin"));
        for (String name : List.of("drtp_learner.h", "drtp_learner.c")) {
            try (InputStream in = FirmwareHarnessTest.class.getResourceAsStream("/org/drtp/cli/device/standin/" + name)) {
                Files.copy(in, learner.resolve(name));
            }
        }
        stream = dir.resolve("stream.bin");
        ExampleStream.write(stream, N, 1, LEARN, TEST, pixels(DatasetCatalog.load("mnist-10k", null)));
    }

    /** The first LEARN training digits, then the first TEST test digits, as bytes 0..255. */
    static ExampleStream.Source pixels(TrainTest all) {
        return ExampleStream.Source.trainThenTest(new TrainTest(all.train().slice("train", 0, LEARN),
                all.test().slice("test", 0, TEST)));
    }

    /** Java twin of the stand-in learner's C code (drtp_learner.c in the test resources). */
    static final class Perceptron {
        final short[][] w = new short[CLASSES][N];

        Perceptron() {
            int lfsr = 0xace1;
            for (int c = 0; c < CLASSES; c++) {
                for (int i = 0; i < N; i++) {
                    lfsr = ((lfsr >>> 1) ^ (-(lfsr & 1) & 0xb400)) & 0xffff;
                    w[c][i] = (short) ((lfsr & 0x3f) - 32);
                }
            }
        }

        int predict(int[] x) {
            int best = 0;
            long bestScore = Long.MIN_VALUE;
            for (int c = 0; c < CLASSES; c++) {
                int score = 0;
                for (int i = 0; i < N; i++) {
                    score += w[c][i] * x[i];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            return best;
        }

        int learn(int[] x, int label) {
            int p = predict(x);
            if (p != label) {
                for (int i = 0; i < N; i++) {
                    w[label][i] = (short) Math.max(-32768, Math.min(32767, w[label][i] + (x[i] >> 4)));
                    w[p][i] = (short) Math.max(-32768, Math.min(32767, w[p][i] - (x[i] >> 4)));
                }
            }
            return p;
        }

        byte[] state() {
            byte[] b = new byte[CLASSES * N * 2];
            int k = 0;
            for (short[] row : w) {
                for (short v : row) {
                    b[k++] = (byte) v;
                    b[k++] = (byte) (v >> 8);
                }
            }
            return b;
        }
    }

    @Test
    void hostHarnessFeedsTheLearnerExactlyTheStream() throws IOException {
        ExampleStream.Source source = pixels(DatasetCatalog.load("mnist-10k", null));
        Perceptron twin = new Perceptron();
        byte[] expected = new byte[LEARN + TEST];
        int[] x = new int[N];
        int correct = 0;
        for (int i = 0; i < LEARN + TEST; i++) {
            source.inputs(i, x);
            expected[i] = (byte) (i < LEARN ? twin.learn(x, source.label(i)) : twin.predict(x));
            correct += i < LEARN && expected[i] == source.label(i) ? 1 : 0;
        }
        HarnessRun host = HarnessRun.host(Firmware.buildHost(toolchain, learner, dir.resolve("host-build")), stream,
                dir.resolve("host-run"));
        assertArrayEquals(expected, host.predictions());
        assertArrayEquals(twin.state(), host.state());
        assertEquals(correct, host.figure("learn_correct"));
        assertEquals(LEARN, host.figure("learn_examples"));
        assertTrue(correct > LEARN * 0.6, "the stand-in learns: " + correct + " / " + LEARN);
    }

    @Test
    void emulatedCortexM4MatchesTheHostAndCountsInstructionsDeterministically() throws IOException {
        assumeTrue(toolchain.hasArm(), "skipped: " + toolchain.missingArmMessage());
        Firmware.Elf elf = Firmware.buildCortexM4(toolchain, learner, dir.resolve("arm-build"));
        HarnessRun host = HarnessRun.host(Firmware.buildHost(toolchain, learner, dir.resolve("host-build2")), stream,
                dir.resolve("host-run2"));
        HarnessRun first = HarnessRun.emulated(toolchain, elf.path(), stream, dir.resolve("qemu-1"));
        HarnessRun second = HarnessRun.emulated(toolchain, elf.path(), stream, dir.resolve("qemu-2"));

        assertArrayEquals(host.predictions(), first.predictions());
        assertArrayEquals(host.state(), first.state());
        assertEquals(host.figure("test_correct"), first.figure("test_correct"));
        // Deterministic: the same counts in a second run.
        assertEquals(first.figure("learn_ticks"), second.figure("learn_ticks"));
        assertEquals(first.figure("predict_ticks"), second.figure("predict_ticks"));
        // The known loop of 2,000,000 instructions measures 2,000,000 (to one timer tick of 40 instructions).
        assertEquals(first.figure("calibration_insns"), first.calibrationMeasured(), first.figure("insns_per_tick"));
        // A stand-in prediction is 10 dot products of 784 (about 5 instructions per multiply-accumulate).
        assertTrue(first.instructionsPerPredict() > 10 * N && first.instructionsPerPredict() < 10 * N * 10,
                "instructions per prediction: " + first.instructionsPerPredict());
        assertTrue(first.instructionsPerLearn() >= first.instructionsPerPredict() * 0.9);

        // The learner's weights are its only variable: 10 x 784 int16 in .bss, beside the harness's buffers.
        assertEquals(CLASSES * N * 2, elf.size().learnerBytes(".bss", "w"::equals));
        assertTrue(elf.size().learnerCodeBytes() > 0 && elf.size().learnerCodeBytes() < 2048);
        assertTrue(elf.size().ramBytes() >= CLASSES * N * 2 + N);
        assertTrue(first.figure("stack_bytes") > 0 && first.figure("stack_bytes") < elf.size().section(".stack"));
    }

    @Test
    void floatingPointInTheLearnerIsRefused() throws IOException {
        assumeTrue(toolchain.hasArm(), "skipped: " + toolchain.missingArmMessage());
        Path floating = Files.createDirectories(dir.resolve("floating"));
        Files.copy(learner.resolve("drtp_learner.h"), floating.resolve("drtp_learner.h"));
        Files.writeString(floating.resolve("drtp_learner.c"), Files.readString(learner.resolve("drtp_learner.c"))
                .replace("score += (int32_t)w[c][i] * x[i];", "score += (int32_t)(0.5f * w[c][i] * x[i]);"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Firmware.buildCortexM4(toolchain, floating, dir.resolve("floating-build")));
        assertTrue(e.getMessage().contains("not integer-only") && e.getMessage().contains("__aeabi_f"), e.getMessage());
    }

    @Test
    void aStreamOfTheWrongShapeStopsTheHarnessWithAMessage() throws IOException {
        Path wrong = dir.resolve("wrong.bin");
        ExampleStream.write(wrong, 100, 1, 3, 0, new ExampleStream.Source() {
            @Override
            public void inputs(int i, int[] dst) {
                java.util.Arrays.fill(dst, i);
            }

            @Override
            public int label(int i) {
                return i;
            }
        });
        Path exe = Firmware.buildHost(toolchain, learner, dir.resolve("host-build3"));
        IOException e = assertThrows(IOException.class, () -> HarnessRun.host(exe, wrong, dir.resolve("wrong-run")));
        assertTrue(e.getMessage().contains("input size or value width differs"), e.getMessage());
    }
}
