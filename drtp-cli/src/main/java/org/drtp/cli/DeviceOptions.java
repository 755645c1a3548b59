package org.drtp.cli;

import java.util.Locale;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.DeviceModels;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import picocli.CommandLine.Option;

/** The integer-arithmetic options shared by export-c and inspect (stream and train add --precision themselves). */
final class DeviceOptions {

    @Option(names = "--precision", paramLabel = "P",
            description = "Integer arithmetic: int8 (default for a float model), int16, int8-nearest, int16-nearest.")
    String precision;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Learning rate of the device's plain SGD, for a float model (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--feedback", paramLabel = "MODE", defaultValue = "stored",
            description = "stored (default): feedback rows as constants; seed: regenerated from --feedback-seed, no memory.")
    String feedback;

    @Option(names = "--feedback-seed", paramLabel = "N", defaultValue = "42", description = "Seed of regenerated feedback rows.")
    int feedbackSeed;

    @Option(names = "--headroom-bits", paramLabel = "N", defaultValue = "" + Quantizer.DEFAULT_HEADROOM_BITS,
            description = "Growth room: weights may reach 2^N / sqrt(fan-in) and twice the largest weight (default ${DEFAULT-VALUE}).")
    int headroomBits;

    DeviceModels.Settings settings() {
        Precision p = null;
        if (precision != null) {
            p = precision(precision);
            if (!p.isInteger()) {
                throw new Errors.UsageException("--precision: a device runs integer arithmetic, got " + precision);
            }
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new Errors.UsageException("--lr: expected a positive number, got " + lr);
        }
        if (headroomBits < 0 || headroomBits > 8) {
            throw new Errors.UsageException("--headroom-bits: expected 0..8, got " + headroomBits);
        }
        return new DeviceModels.Settings(p, lr, feedback(feedback), feedbackSeed, headroomBits);
    }

    /** The value of a --precision flag (every command that takes one parses it here). */
    static Precision precision(String s) {
        try {
            return Precision.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException("--precision: " + e.getMessage());
        }
    }

    static DeviceNetwork.Feedback feedback(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "stored" -> DeviceNetwork.Feedback.STORED;
            case "seed" -> DeviceNetwork.Feedback.SEED;
            default -> throw new Errors.UsageException("--feedback: expected stored or seed, got '" + s + "'");
        };
    }
}
