package org.drtp.cli;

import org.drtp.device.DeviceModels;
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

    @Option(names = "--feedback-seed", paramLabel = "N", defaultValue = "42", description = "Seed of regenerated feedback rows.")
    int feedbackSeed;

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
        return new DeviceModels.Settings(p, lr, arithmetic.feedback.mode(), feedbackSeed, arithmetic.headroomBits.value);
    }
}
