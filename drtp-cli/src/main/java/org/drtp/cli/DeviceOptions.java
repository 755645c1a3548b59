package org.drtp.cli;

import org.drtp.device.DeviceModels;
import org.drtp.device.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The device options of export-c and device-demo: the device-arithmetic flags, the device's SGD rate and feedback seed. */
final class DeviceOptions {

    @Mixin
    DeviceFlags.PrecisionFlag precision;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Learning rate of the device's plain SGD, for a float model (default ${DEFAULT-VALUE}).")
    double lr;

    @Mixin
    DeviceFlags.FeedbackFlag feedback;

    @Option(names = "--feedback-seed", paramLabel = "N", defaultValue = "42", description = "Seed of regenerated feedback rows.")
    int feedbackSeed;

    @Mixin
    DeviceFlags.HeadroomFlag headroomBits;

    DeviceModels.Settings settings() {
        Precision p = precision.or(null);
        if (p != null) {
            if (!p.isInteger()) {
                throw new Errors.UsageException("--precision: a device runs integer arithmetic, got " + precision);
            }
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new Errors.UsageException("--lr: expected a positive number, got " + lr);
        }
        if (headroomBits.value < 0 || headroomBits.value > 8) {
            throw new Errors.UsageException("--headroom-bits: expected 0..8, got " + headroomBits.value);
        }
        return new DeviceModels.Settings(p, lr, feedback.mode(), feedbackSeed, headroomBits.value);
    }
}
