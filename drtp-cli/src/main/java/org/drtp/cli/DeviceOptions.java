package org.drtp.cli;

import org.drtp.device.DeviceModels;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The device options of export-c and device-demo: the device-arithmetic flags, the device's SGD rate and feedback seed. */
final class DeviceOptions {

    @Mixin
    DeviceFlags.Learning arithmetic;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Learning rate of the device's plain SGD, for a float model (default ${DEFAULT-VALUE}).")
    double lr;

    /** Absent unless given, so that a seed given without --feedback seed (which would ignore it) is refused. */
    @Option(names = "--feedback-seed", paramLabel = "N",
            description = "With --feedback seed: the seed of the regenerated feedback rows (default " + DEFAULT_FEEDBACK_SEED + ").")
    Integer feedbackSeed;

    static final int DEFAULT_FEEDBACK_SEED = 42;

    DeviceModels.Settings settings() {
        Precision p = arithmetic.precision.or(null);
        if (p != null && !p.isInteger()) {
            throw new Errors.UsageException("--precision: a device runs integer arithmetic, got " + arithmetic.precision.value);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new Errors.UsageException("--lr: expected a positive number, got " + lr);
        }
        if (arithmetic.headroomBits.value < 0 || arithmetic.headroomBits.value > 8) {
            throw new Errors.UsageException("--headroom-bits: expected 0..8, got " + arithmetic.headroomBits.value);
        }
        DeviceNetwork.Feedback mode = arithmetic.feedback.mode();
        if (feedbackSeed != null && mode != DeviceNetwork.Feedback.SEED) {
            throw new Errors.UsageException("--feedback-seed: only used with --feedback seed (the feedback rows are stored)");
        }
        return new DeviceModels.Settings(p, lr, mode, feedbackSeed == null ? DEFAULT_FEEDBACK_SEED : feedbackSeed,
                arithmetic.headroomBits.value);
    }
}
