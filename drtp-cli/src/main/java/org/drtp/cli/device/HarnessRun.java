package org.drtp.cli.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the harness over a stream file ({@link ExampleStream}): on the host, or on the emulated Cortex-M4
 * ({@code qemu-system-arm -M mps2-an386} with semihosting, and {@code -icount shift=0} so the timer counts
 * instructions). The run's directory holds {@code stream.bin} and receives {@code predictions.bin} and
 * {@code state.bin} (docs/on-device.md, "Firmware and emulator").
 *
 * @param predictions one per example: the prediction before learning, then the test predictions
 * @param state       the learner's state bytes after the learning examples ({@code drtp_state_save})
 * @param figures     the harness's key=value output (counts, timer ticks, stack bytes)
 */
public record HarnessRun(byte[] predictions, byte[] state, Map<String, Long> figures) {

    /** The machine the emulator models, and the flags that make semihosting and instruction counting work. */
    public static final List<String> QEMU_FLAGS = List.of("-M", "mps2-an386", "-nographic", "-monitor", "none",
            "-serial", "none", "-semihosting-config", "enable=on,target=native", "-icount", "shift=0");
    /** Wall-clock limit of one run (a firmware that never exits would otherwise hang the caller). */
    private static final long TIMEOUT_MINUTES = 30;

    public static HarnessRun host(Path executable, Path stream, Path runDir) throws IOException {
        return run(List.of(executable.toAbsolutePath().toString()), stream, runDir);
    }

    public static HarnessRun emulated(Toolchain toolchain, Path elf, Path stream, Path runDir) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Toolchain.require(toolchain.qemu(), toolchain).toString()));
        cmd.addAll(QEMU_FLAGS);
        cmd.addAll(List.of("-kernel", elf.toAbsolutePath().toString()));
        return run(cmd, stream, runDir);
    }

    private static HarnessRun run(List<String> command, Path stream, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path link = runDir.resolve("stream.bin");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, stream.toAbsolutePath());
        Programs.Outcome o = Programs.run(runDir, command, TIMEOUT_MINUTES);
        if (o.status() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " exited with status " + o.status() + ": "
                    + o.output().strip().lines().reduce((a, b) -> a + " | " + b).orElse("no output"));
        }
        Map<String, Long> figures = new HashMap<>();
        for (String token : o.output().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0 && token.substring(eq + 1).matches("\\d+")) {
                figures.put(token.substring(0, eq), Long.parseLong(token.substring(eq + 1)));
            }
        }
        return new HarnessRun(Files.readAllBytes(runDir.resolve("predictions.bin")),
                Files.readAllBytes(runDir.resolve("state.bin")), Map.copyOf(figures));
    }

    public long figure(String key) {
        Long v = figures.get(key);
        if (v == null) {
            throw new IllegalStateException("the harness did not print " + key);
        }
        return v;
    }

    /** Mean instructions per drtp_learn call (emulated runs only). */
    public double instructionsPerLearn() {
        return (double) figure("learn_ticks") * figure("insns_per_tick") / figure("learn_examples");
    }

    /** Mean instructions per drtp_predict call (emulated runs only). */
    public double instructionsPerPredict() {
        return (double) figure("predict_ticks") * figure("insns_per_tick") / figure("test_examples");
    }

    /** Instructions the counter measured for the harness's known loop of {@code calibration_insns} instructions. */
    public long calibrationMeasured() {
        return figure("calibration_ticks") * figure("insns_per_tick");
    }
}
