package org.drtp.cli;

import java.util.List;
import java.util.Locale;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The device-arithmetic flags, each declared once here (name, default, help, parsing and messages) and mixed into
 * the commands that take it with picocli's {@code @Mixin}: train, stream, evaluate, inspect, and export-c and
 * device-demo through {@link DeviceOptions}. One mixin per flag, so that a command shows only the flags it uses
 * (evaluate has no learning, so no --feedback; inspect's byte counts do not depend on --headroom-bits), and
 * {@link Learning}, all three, for the commands that learn in the device's arithmetic.
 */
final class DeviceFlags {

    /** The flags that only the integer arithmetic reads. */
    private static final List<String> INTEGER_ONLY = List.of("--feedback", "--headroom-bits", "--feedback-seed");

    private DeviceFlags() {
    }

    /**
     * Refuses an integer-arithmetic flag given on the command line of a run in float arithmetic ({@code p} not an
     * integer precision), which would ignore it: a user who typed it expects it to do something.
     */
    static void checkIntegerOnly(CommandSpec spec, Precision p) {
        if (p.isInteger()) {
            return;
        }
        Errors.refuseGiven(spec, INTEGER_ONLY, "only used with an integer --precision ("
                + String.join(", ", Precision.IDS.stream().filter(id -> Precision.parse(id).isInteger()).toList())
                + "); this run is " + p.id());
    }

    /** {@code --precision}: absent means the command's own default (float32 for train and stream). */
    static final class PrecisionFlag {
        @Option(names = "--precision", paramLabel = "P",
                description = "Arithmetic: float32, or a device's integer arithmetic (int8, int16, int8-nearest,"
                        + " int16-nearest), bit-exact with the C code of export-c. train and stream: default float32;"
                        + " integer training runs DRTP with sgd at batch size 1 and --save writes a device model."
                        + " evaluate: quantise a float model first. inspect: also show the device's RAM and flash bytes."
                        + " export-c: default int8 for a float model.")
        String value;

        boolean given() {
            return value != null;
        }

        /** The precision given (an unknown id is a usage error naming the flag), or {@code absent}. */
        Precision or(Precision absent) {
            return value == null ? absent : Precision.parse(value);
        }
    }

    /** {@code --feedback}: how the device holds the DRTP feedback rows. */
    static final class FeedbackFlag {
        @Option(names = "--feedback", paramLabel = "MODE", defaultValue = "stored",
                description = "With an integer --precision: feedback rows stored as constants (default), or seed:"
                        + " regenerated from a seed, no memory (--feedback-seed for export-c and device-demo, else the"
                        + " run's seed).")
        String value;

        DeviceNetwork.Feedback mode() {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "stored" -> DeviceNetwork.Feedback.STORED;
                case "seed" -> DeviceNetwork.Feedback.SEED;
                default -> throw new Errors.UsageException("--feedback: expected stored or seed, got '" + value + "'");
            };
        }
    }

    /** {@code --headroom-bits}: growth room of the integer weights (checked by the quantiser, 0..8). */
    static final class HeadroomFlag {
        @Option(names = "--headroom-bits", paramLabel = "N", defaultValue = "" + Quantizer.DEFAULT_HEADROOM_BITS,
                description = "With an integer --precision: weights may reach 2^N / sqrt(fan-in) and twice the largest"
                        + " weight (default ${DEFAULT-VALUE}).")
        int value;
    }

    /** All three: the commands that learn in a device's arithmetic (train, stream, export-c, device-demo). */
    static final class Learning {
        @Mixin
        PrecisionFlag precision;

        @Mixin
        FeedbackFlag feedback;

        @Mixin
        HeadroomFlag headroomBits;
    }
}
