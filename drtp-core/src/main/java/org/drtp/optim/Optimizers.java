package org.drtp.optim;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/** Creates optimizers from their short ids (command line, result files). */
public final class Optimizers {

    /** Ids accepted by {@link #create}. */
    public static final String IDS = "adam, sgd, momentum, nag, rmsprop";

    private Optimizers() {
    }

    /**
     * {@code adam}; {@code sgd} (plain); {@code momentum} (SGD with momentum 0.9: the reference's "SGD");
     * {@code nag} (Nesterov momentum 0.9); {@code rmsprop}. Case-insensitive.
     */
    public static Optimizer create(String id, double lr) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr, 0, false);
            case "momentum" -> new Sgd(lr, 0.9, false);
            case "nag" -> new Sgd(lr, 0.9, true);
            case "rmsprop" -> new RmsProp(lr);
            default -> throw new InvalidSettingException("optimizer", "unknown optimizer '" + id + "': expected one of " + IDS);
        };
    }
}
