package org.drtp.cli.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.drtp.device.DeviceNetwork;

/**
 * An exported learner run on the host and, when the Arm toolchain and QEMU are installed, on the emulated
 * Cortex-M4, each compared with the Java path's predictions and final state (docs/on-device.md, "Firmware and
 * emulator").
 *
 * @param host        the host-C run
 * @param emulated    the Cortex-M4 run, absent without the toolchain
 * @param firmware    the firmware's sizes, absent without the toolchain
 * @param hostExact   the host C predicted as the Java path at every step and ended with the same state bytes
 * @param emulatedExact the same for the Cortex-M4 (false when it did not run)
 */
public record DeviceCheck(HarnessRun host, Optional<HarnessRun> emulated, Optional<FirmwareSize> firmware,
                          boolean hostExact, boolean emulatedExact) {

    /** True only when Java, host C and the emulated Cortex-M4 agreed on every prediction and the final state. */
    public boolean bitExact() {
        return hostExact && emulatedExact;
    }

    /**
     * Builds and runs the learner in {@code learnerDir} on {@code stream} (work files under {@code workDir}).
     * Without the Cortex-M4 toolchain only the host part runs.
     */
    public static DeviceCheck run(Toolchain toolchain, Path learnerDir, Path stream, byte[] javaPredictions,
                                  byte[] javaState, Path workDir) throws IOException {
        Path exe = Firmware.buildHost(toolchain, learnerDir, workDir.resolve("host"));
        HarnessRun host = HarnessRun.host(exe, stream, workDir.resolve("host-run"));
        boolean hostExact = matches(host, javaPredictions, javaState);
        if (!toolchain.hasArm()) {
            return new DeviceCheck(host, Optional.empty(), Optional.empty(), hostExact, false);
        }
        Firmware.Elf elf = Firmware.buildCortexM4(toolchain, learnerDir, workDir.resolve("cortex-m4"));
        HarnessRun emulated = HarnessRun.emulated(toolchain, elf.path(), stream, workDir.resolve("cortex-m4-run"));
        return new DeviceCheck(host, Optional.of(emulated), Optional.of(elf.size()), hostExact,
                matches(emulated, javaPredictions, javaState));
    }

    /**
     * The Java integer path on the stream's examples, in the harness's order: the prediction before each of the
     * first {@code learn} learning steps, then predictions alone. Leaves {@code net} in its learned state.
     */
    public static byte[] learnInJava(DeviceNetwork net, ExampleStream.Source source, int learn, int test) {
        byte[] predictions = new byte[learn + test];
        int[] raw = new int[net.inputs()];
        for (int i = 0; i < predictions.length; i++) {
            source.inputs(i, raw);
            predictions[i] = (byte) (i < learn ? net.learn(raw, source.label(i)) : net.predict(raw));
        }
        return predictions;
    }

    private static boolean matches(HarnessRun run, byte[] predictions, byte[] state) {
        return Arrays.equals(run.predictions(), predictions) && Arrays.equals(run.state(), state);
    }

    /** The first example at which a run's prediction differs from the Java path's, or -1. */
    public static int firstDifference(HarnessRun run, byte[] javaPredictions) {
        return Arrays.mismatch(run.predictions(), javaPredictions);
    }
}
