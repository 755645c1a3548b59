package org.drtp.optim;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/** Creates optimizers from their short ids (command line, grid files, result files). */
public final class Optimizers {

    /** Ids accepted by {@link #create}. */
    public static final String IDS = "adam, sgd, momentum, nag, rmsprop";

    /**
     * The reference's spelling of SGD with momentum 0.9 (its {@code --optimizer SGD}); drtp's own {@code sgd} is
     * plain SGD (docs/semantics.md, "Reference command lines").
     */
    public static final String REFERENCE_SGD = "SGD";

    private Optimizers() {
    }

    /**
     * {@code adam}; {@code sgd} (plain); {@code momentum} (SGD with momentum 0.9); {@code nag} (Nesterov momentum
     * 0.9); {@code rmsprop}. Case-insensitive, and the reference's spellings mean what they mean there ({@code SGD}
     * is {@code momentum}, {@code NAG}, {@code Adam}, {@code RMSprop}); any other capitalisation of sgd is refused,
     * since it could mean either.
     */
    public static Optimizer create(String id, double lr) {
        String raw = id == null ? "" : id.trim();
        if (raw.equals(REFERENCE_SGD)) {
            return new Sgd(lr, 0.9, false);
        }
        String v = raw.toLowerCase(Locale.ROOT);
        if (v.equals("sgd") && !raw.equals("sgd")) {
            throw new InvalidSettingException("optimizer", "optimizer '" + id + "' is ambiguous: write sgd for plain SGD, or momentum"
                    + " (or the reference's spelling SGD) for SGD with momentum 0.9");
        }
        return switch (v) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr, 0, false);
            case "momentum" -> new Sgd(lr, 0.9, false);
            case "nag" -> new Sgd(lr, 0.9, true);
            case "rmsprop" -> new RmsProp(lr);
            default -> throw new InvalidSettingException("optimizer", "unknown optimizer '" + id + "': expected one of " + IDS
                    + " (or the reference's SGD, NAG, Adam, RMSprop)");
        };
    }
}
