package org.drtp.rule;

import java.util.List;
import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/** Creates learning rules from their short ids (case-insensitive, as the reference's --train-mode). */
public final class LearningRules {

    /** All ids, in the paper's order. */
    public static final List<String> IDS = List.of("bp", "fa", "dfa", "sdfa", "drtp", "shallow");

    private LearningRules() {
    }

    public static LearningRule create(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "bp" -> new Backpropagation();
            case "fa" -> new FeedbackAlignment();
            case "dfa" -> new DirectFeedbackAlignment();
            case "sdfa" -> new ErrorSignDirectFeedbackAlignment();
            case "drtp" -> new DirectRandomTargetProjection();
            case "shallow" -> new ShallowLearning();
            default -> throw new InvalidSettingException("train_mode", "unknown train mode '" + id + "': expected one of "
                    + String.join(", ", IDS) + " (case-insensitive)");
        };
    }
}
